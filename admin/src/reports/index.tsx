import AssessmentIcon from '@mui/icons-material/Assessment';
import { createElement } from 'react';
import { Route } from 'react-router-dom';
import type { ReportRecord } from '@incident-desk/shared';
import { lazyPage } from '../common/lazy';
import { SERVICE_REPORT_PATH } from './paths';

const ServiceReportPage = lazyPage(() => import('./ServiceReportPage'), 'ServiceReportPage');

/** The page where staff and client admins see the service report and export it: `<CustomRoutes>{serviceReportRoute}</CustomRoutes>`. */
export const serviceReportRoute = <Route path={SERVICE_REPORT_PATH} element={createElement(ServiceReportPage)} />;

/** The `reports` resource: stored monthly reports (list, download, generate); the page above shows a report live. */
export default {
  list: lazyPage(() => import('./ReportList'), 'ReportList'),
  icon: AssessmentIcon,
  recordRepresentation: (record: ReportRecord) => `${record.period} ${record.fileName}`,
};
