/** Only local paths are followed after login (no `//host` or `https://...`: no open redirect). */
export function safeReturnUrl(url: string | undefined | null): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || url.startsWith('/login') || url.startsWith('/register')) return '/';
  return url;
}
