/** The route of the live service report page (reports/index.tsx registers it). */
export const SERVICE_REPORT_PATH = '/service-report';
