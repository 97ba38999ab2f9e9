import type { Db } from '@canopy/db';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client as MinioClient } from 'minio';
import { ingestFailureTypes } from '../../ingest-shared.ts';

export interface IngestDeps {
  db: Db;
  /** The S3 store the browser uploaded the file to. */
  objectStore: MinioClient;
  /** Bucket of uploaded imports; `imports` unless configured. */
  importsBucket: string;
}

export const DEFAULT_IMPORTS_BUCKET = 'imports';

export function need<K extends keyof IngestDeps>(deps: Partial<IngestDeps>, key: K): IngestDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    // Configuration, not data: retrying cannot help, and the import must say so.
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      ingestFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

export const bucketOf = (deps: Partial<IngestDeps>) => deps.importsBucket ?? DEFAULT_IMPORTS_BUCKET;
