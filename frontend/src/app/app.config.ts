import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import localeFr from '@angular/common/locales/fr';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { MAT_ICON_DEFAULT_OPTIONS } from '@angular/material/icon';
import { TitleStrategy, provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { lastValueFrom } from 'rxjs';
import { provideApiConfiguration } from './api/api-configuration';
import { loadShell, routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { languageInterceptor } from './core/i18n/language.interceptor';
import { SessionStore } from './core/auth/session.store';
import { I18nService } from './core/i18n/i18n.service';
import { ICON_FONT_CLASS } from './core/icons/icons';
import { I18nTitleStrategy } from './core/layout/i18n-title.strategy';
import { SIDEBAR_PANEL } from './core/layout/sidebar-panel';
import { ThemeService } from './core/theme/theme.service';

registerLocaleData(localeFr);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    { provide: TitleStrategy, useClass: I18nTitleStrategy },
    provideHttpClient(withFetch(), withInterceptors([authInterceptor, languageInterceptor])),
    // The OpenAPI paths already start with /api, and the API is served from the same origin.
    provideApiConfiguration(''),
    // mat-icon ligatures draw from the subset icon font (core/icons).
    { provide: MAT_ICON_DEFAULT_OPTIONS, useValue: { fontSet: ICON_FONT_CLASS } },
    // Chat is the page people live in: its conversation list stays in the wide sidebar.
    { provide: SIDEBAR_PANEL, useValue: () => import('./features/chat/sidebar-conversations').then((m) => m.default) },
    provideAppInitializer(() => {
      inject(ThemeService);
      // Starts loading the dictionary of the language it picks; the user's own (from restore) may
      // be another one: the first paint waits for whichever is shown, so no key is ever painted.
      const i18n = inject(I18nService);
      const session = inject(SessionStore);
      // A stored session will most likely show the signed-in frame: fetch it while the session is checked.
      if (session.refreshToken()) void loadShell();
      return lastValueFrom(session.restore(), { defaultValue: undefined }).then(() => i18n.ready());
    }),
  ],
};
