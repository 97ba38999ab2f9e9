import type { ImportKind, ImportRowError } from '@canopy/db';
import { findImport, finishImport, importingMember, setImportStatus } from '@canopy/db';
import { ApplicationFailure } from '@temporalio/activity';
import { S3Error } from 'minio';
import { ingestFailureTypes } from '../../ingest-shared.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { bucketOf, need } from './ingest-deps.ts';

export interface BegunImport {
  userId: string;
  objectKey: string;
  fileName: string;
  size: number;
  timeZone: string;
  orgId: string | null;
}

/** The steps every import shares: find the upload and mark it processing, then record the outcome. */
export function createImportActivities(deps: Partial<IngestDeps>) {
  return {
    async beginImport(input: { importId: string; kind: ImportKind }): Promise<BegunImport> {
      const db = need(deps, 'db');
      const row = await findImport(db, input.importId);
      if (!row || row.kind !== input.kind) {
        throw ApplicationFailure.nonRetryable(
          `no ${input.kind} import ${input.importId}`,
          ingestFailureTypes.importNotFound,
        );
      }
      let size: number;
      try {
        size = (await need(deps, 'objectStore').statObject(bucketOf(deps), row.object_key)).size;
      } catch (error) {
        if (error instanceof S3Error && (error.code === 'NotFound' || error.code === 'NoSuchKey')) {
          throw ApplicationFailure.nonRetryable(
            'the file was never uploaded',
            ingestFailureTypes.badFile,
          );
        }
        throw error;
      }
      await setImportStatus(db, row.id, 'processing');
      const member = await importingMember(db, row.user_id);
      return {
        userId: row.user_id,
        objectKey: row.object_key,
        fileName: row.file_name,
        size,
        ...member,
      };
    },

    async finishImport(input: {
      importId: string;
      status: 'completed' | 'failed';
      totalRows: number;
      okRows: number;
      errorRows: number;
      errors: ImportRowError[];
    }): Promise<void> {
      const { importId, ...outcome } = input;
      await finishImport(need(deps, 'db'), importId, outcome);
    },
  };
}
