import { HttpBackend, HttpXhrBackend, provideHttpClient, withInterceptors } from '@angular/common/http';
import type { Routes } from '@angular/router';
import { authInterceptor } from '../../core/auth/auth.interceptor';

export default [
  {
    path: '',
    providers: [
      // Fetch cannot report upload progress: under /media, HttpClient (used only by
      // MediaTransfer; the generated client keeps the root one) runs over XMLHttpRequest,
      // with the same auth interceptor.
      provideHttpClient(withInterceptors([authInterceptor])),
      { provide: HttpBackend, useExisting: HttpXhrBackend },
    ],
    loadComponent: () => import('./media.page'),
  },
] satisfies Routes;
