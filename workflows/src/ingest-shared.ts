// The import workflows' contract with their callers (the API starts them and
// queries their progress). Re-exported from shared.ts.

/** Workflow id of an import: one run per uploaded file, whatever retries happen. */
export const ingestWorkflowId = (importId: string) => `ingest-${importId}`;

export const ingestWorkflowTypes = {
  carbon_csv: 'carbonCsvImport',
  training_file: 'trainingFileImport',
} as const;

export interface IngestInput {
  importId: string;
  /** Rows per chunk activity (carbon CSV); default 2,000. */
  chunkRows?: number;
  /** Seconds before asking for an RPE after an imported session without one; default 30 minutes. */
  rpePromptDelaySeconds?: number;
}

export type IngestState =
  'starting' | 'validating' | 'storing' | 'analysing' | 'awaiting_rpe' | 'completed' | 'failed';

export interface IngestRowError {
  /** 1-based line of the file (for FIT files: the session's position in the file). */
  line: number;
  field: string | null;
  message: string;
}

export interface IngestProgress {
  importId: string;
  state: IngestState;
  /** Data rows (or sessions) in the file; 0 until the file has been read. */
  totalRows: number;
  /** Rows checked so far, good or bad. */
  doneRows: number;
  /** Valid rows, stored now or by an earlier import of the same data. */
  okRows: number;
  /** Valid rows this run stored; the others were already there. */
  storedRows: number;
  errorRows: number;
  failureReason: string | null;
}

export const ingestQueries = { progress: 'progress' } as const;

/** ApplicationFailure types of the import activities. */
export const ingestFailureTypes = {
  importNotFound: 'ImportNotFound',
  badFile: 'BadImportFile',
  workerMisconfigured: 'WorkerMisconfigured',
} as const;

/** At most this many row errors are kept on an import; the count covers them all. */
export const MAX_REPORTED_ROW_ERRORS = 1000;
