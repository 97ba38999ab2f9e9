/** What /imports/[kind]/[id] answers: an import's state for the progress bar. */
export interface ImportStatus {
  id: string;
  fileName: string;
  status: 'awaiting_upload' | 'uploaded' | 'processing' | 'completed' | 'failed';
  totalRows: number;
  doneRows: number;
  okRows: number;
  errorRows: number;
  state: string | null;
  failureReason: string | null;
  errors: Array<{ line: number; field: string | null; message: string }>;
}

export const isFinished = (s: ImportStatus) => s.status === 'completed' || s.status === 'failed';

const STATE_TEXT: Record<string, string> = {
  starting: 'Starting',
  validating: 'Checking the file',
  storing: 'Storing rows',
  analysing: 'Working out the load',
  awaiting_rpe: 'Stored; waiting for effort ratings',
  completed: 'Done',
  failed: 'Failed',
};

/** One sentence for the live region, so a screen reader hears where the import is. */
export function describeImport(s: ImportStatus, rowWord = 'rows'): string {
  if (s.status === 'completed') {
    const failed = s.errorRows > 0 ? `, ${s.errorRows} could not be read` : '';
    return `Import of ${s.fileName} finished: ${s.okRows} ${rowWord} stored${failed}.`;
  }
  if (s.status === 'failed') {
    return `Import of ${s.fileName} failed${s.failureReason ? `: ${s.failureReason}` : '.'}`;
  }
  const step = (s.state && STATE_TEXT[s.state]) ?? 'Waiting for the importer';
  const count = s.totalRows > 0 ? ` (${s.doneRows} of ${s.totalRows})` : '';
  return `${step}${count}…`;
}

/** Share done for the progress bar; null while the total is unknown. */
export function importFraction(s: ImportStatus): number | null {
  if (s.status === 'completed') return 1;
  return s.totalRows > 0 ? Math.min(1, s.doneRows / s.totalRows) : null;
}
