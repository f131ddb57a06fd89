import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { I18nService } from './i18n.service';

/**
 * Every API call says the language the user chose (`Accept-Language`), so the texts the server
 * writes itself (model availability, provider names) come in it; the browser's own header says
 * the browser's language, which may not be the one chosen in the profile.
 */
export const languageInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.headers.has('Accept-Language')) return next(request);
  return next(request.clone({ setHeaders: { 'Accept-Language': inject(I18nService).language() } }));
};
