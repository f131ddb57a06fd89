import type { Routes } from '@angular/router';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip } from 'chart.js';
import { provideCharts } from 'ng2-charts';

/** Chart.js is registered here, with only the pieces the dashboard draws: it loads with this route, not in the initial bundle. */
export default [
  { path: '', providers: [provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip] })], loadComponent: () => import('./dashboard.page') },
] satisfies Routes;
