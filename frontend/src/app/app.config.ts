import { registerLocaleData } from '@angular/common';
import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import localeFr from '@angular/common/locales/fr';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { TitleStrategy, provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { provideApiConfiguration } from './api/api-configuration';
import { routes } from './app.routes';
import { authInterceptor } from './core/auth/auth.interceptor';
import { SessionStore } from './core/auth/session.store';
import { ICON_FONT_CLASS } from './core/icons/icons';
import { I18nTitleStrategy } from './core/layout/i18n-title.strategy';
import { RealtimeService } from './core/realtime/realtime.service';
import { ThemeService } from './core/theme/theme.service';

registerLocaleData(localeFr);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    { provide: TitleStrategy, useClass: I18nTitleStrategy },
    provideHttpClient(withFetch(), withInterceptors([authInterceptor])),
    // The OpenAPI paths already start with /api, and the API is served from the same origin.
    provideApiConfiguration(''),
    provideAppInitializer(() => {
      inject(MatIconRegistry).setDefaultFontSetClass(ICON_FONT_CLASS);
      inject(ThemeService);
      inject(RealtimeService);
      return inject(SessionStore).restore();
    }),
  ],
};
