import AssessmentIcon from '@mui/icons-material/Assessment';
import { Route } from 'react-router-dom';
import type { ReportRecord } from '@incident-desk/shared';
import { ReportList, SERVICE_REPORT_PATH } from './ReportList';
import { ServiceReportPage } from './ServiceReportPage';

export { ServiceReportPage, SERVICE_REPORT_PATH };

/** The page where staff and client admins see the service report and export it: `<CustomRoutes>{serviceReportRoute}</CustomRoutes>`. */
export const serviceReportRoute = <Route path={SERVICE_REPORT_PATH} element={<ServiceReportPage />} />;

/** The `reports` resource: stored monthly reports (list, download, generate); the page above shows a report live. */
export default {
  list: ReportList,
  icon: AssessmentIcon,
  recordRepresentation: (record: ReportRecord) => `${record.period} ${record.fileName}`,
};
