import type { Routes, UrlMatchResult, UrlSegment } from '@angular/router';

/**
 * `/chat` and `/chat/:conversationId` are one route, matched by hand, so that the router reuses
 * the page when the URL gains the id of a conversation the page has just created (a stream is
 * running in it); two routes would destroy the page and cut the stream.
 */
export function chatMatcher(segments: UrlSegment[]): UrlMatchResult | null {
  if (segments.length > 1) return null;
  const [id] = segments;
  return { consumed: segments, posParams: id ? { conversationId: id } : {} };
}

export default [{ matcher: chatMatcher, loadComponent: () => import('./chat.page') }] satisfies Routes;
