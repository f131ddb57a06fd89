import { notAvailableRoutes } from '../../shared/not-available/not-available.routes';

/** Not built yet: the area's page says so. Its real pages will be routed here. */
export default notAvailableRoutes('admin');
