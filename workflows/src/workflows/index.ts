// Every workflow the worker registers; this file is the bundle's entry point.
export { ping } from './ping.ts';
export { checkout } from './checkout.ts';
export { trackGoal } from './track-goal.ts';
export { notify } from './notify.ts';
export { carbonCsvImport } from './carbon-csv-import.ts';
export { trainingFileImport } from './training-file-import.ts';
export { refund } from './refund.ts';
export { orgMonthlyReport } from './org-monthly-report.ts';
export { processImage } from './process-image.ts';
export { refitReadiness } from './refit-readiness.ts';
export { invitationEmail } from './invitation-email.ts';
