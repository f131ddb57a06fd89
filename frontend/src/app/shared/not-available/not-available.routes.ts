import type { Routes } from '@angular/router';
import { areaDescription, areaTitle, type AreaId } from '../../core/layout/areas';
import { NotAvailablePage } from './not-available.page';

/** The routes of an area that is not built yet: its "not available yet" page and nothing else. */
export function notAvailableRoutes(area: AreaId): Routes {
  return [{ path: '', component: NotAvailablePage, data: { title: areaTitle(area), description: areaDescription(area) } }];
}
