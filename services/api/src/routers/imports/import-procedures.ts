import { randomUUID } from 'node:crypto';
import type { ImportKind } from '@canopy/db';
import { createImport, findImportOfUser, markImportUploaded } from '@canopy/db';
import type { IngestInput } from '@canopy/workflows/shared';
import { ingestQueries, ingestWorkflowId, ingestWorkflowTypes } from '@canopy/workflows/shared';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ZPresignedPost } from '../../storage/object-store.ts';
import { stagingKeyOf } from '../../storage/staging.ts';
import type { AuthUser, Context } from '../../trpc/index.ts';
import { protectedProcedure } from '../../trpc/index.ts';

export const IMPORTS_BUCKET = 'imports';
/** Fifteen minutes to send up to 25 MB; the form is useless once the import has started. */
const UPLOAD_URL_SECONDS = 900;
/** Imports are never served to a browser; the store records them as plain bytes. */
const IMPORT_CONTENT_TYPE = 'application/octet-stream';
const TEMPORAL_DEADLINE_MS = 10_000;
const PROGRESS_QUERY_DEADLINE_MS = 2_000;

const ZProgress = z.object({
  state: z.enum([
    'starting',
    'validating',
    'storing',
    'analysing',
    'awaiting_rpe',
    'completed',
    'failed',
  ]),
  totalRows: z.number(),
  doneRows: z.number(),
  okRows: z.number(),
  storedRows: z.number(),
  errorRows: z.number(),
  failureReason: z.string().nullable(),
});

const ZImportStatus = z.object({
  id: z.string(),
  kind: z.enum(['carbon_csv', 'training_file']),
  fileName: z.string(),
  status: z.enum(['awaiting_upload', 'uploaded', 'processing', 'completed', 'failed']),
  totalRows: z.number(),
  okRows: z.number(),
  errorRows: z.number(),
  errors: z.array(
    z.object({ line: z.number(), field: z.string().nullable(), message: z.string() }),
  ),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** The running workflow's own count, while it runs and answers; null otherwise. */
  progress: ZProgress.nullable(),
});

const ZImportId = z.strictObject({ importId: z.uuid({ error: 'importId must be an import id' }) });

type ImportRow = NonNullable<Awaited<ReturnType<typeof findImportOfUser>>>;

function toView(row: ImportRow, progress: z.infer<typeof ZProgress> | null = null) {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    status: row.status,
    totalRows: row.total_rows,
    okRows: row.ok_rows,
    errorRows: row.error_rows,
    errors: row.errors,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    progress,
  };
}

/** The workflow's progress, or null when it does not answer in time (no worker, finished, gone). */
async function workflowProgress(ctx: Context, importId: string) {
  try {
    const client = await ctx.services.temporal();
    const answer: unknown = await client.withDeadline(Date.now() + PROGRESS_QUERY_DEADLINE_MS, () =>
      client.workflow.getHandle(ingestWorkflowId(importId)).query(ingestQueries.progress),
    );
    return ZProgress.parse(answer);
  } catch (error) {
    ctx.log.warn({ err: error, importId }, 'import workflow did not answer its progress query');
    return null;
  }
}

/**
 * The upload-form, start and status procedures of one kind of import. The
 * file is posted to a staging key under the member's prefix, within the
 * declared size; starting copies it to the import's own key, which is all
 * the import workflow ever reads, and deletes the staging object.
 */
export function importProcedures(
  kind: ImportKind,
  options: { extensions: readonly string[]; maxBytes: number },
) {
  const extensionList = options.extensions.join(', ');
  const megabytes = options.maxBytes / (1024 * 1024);
  const uploadUrl = protectedProcedure
    .input(
      z.strictObject({
        fileName: z
          .string({ error: 'fileName must be text' })
          .trim()
          .min(1, { error: 'fileName cannot be empty' })
          .max(200, { error: 'fileName is at most 200 characters' })
          .refine((name) => !name.includes('\u0000'), {
            error: 'fileName must not contain NUL characters',
          })
          .refine((name) => options.extensions.includes(extensionOf(name)), {
            error: `fileName must end in ${extensionList}`,
          }),
        size: z
          .number({ error: 'size must be a number of bytes' })
          .int({ error: 'size must be a whole number of bytes' })
          .min(1, { error: 'size must be at least 1 byte' })
          .max(options.maxBytes, {
            error: `size must be at most ${options.maxBytes} bytes (${megabytes} MB)`,
          }),
      }),
    )
    .output(
      z.object({
        importId: z.string(),
        /** Where the file is kept once the import has started. */
        key: z.string(),
        /** POST `fields` and then the file (last) to `url`, as multipart/form-data. */
        ...ZPresignedPost.shape,
        expiresInSeconds: z.number(),
        maxBytes: z.number(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const importId = randomUUID();
      const key = `${ctx.user.id}/${importId}.${extensionOf(input.fileName)}`;
      // Presign first: if the store is down, no row is left awaiting an upload that cannot come.
      // The store itself refuses more bytes than declared, or another content type.
      const form = await ctx.objectStore.presignPost(IMPORTS_BUCKET, stagingKeyOf(key), {
        contentType: IMPORT_CONTENT_TYPE,
        maxBytes: input.size,
        expiresInSeconds: UPLOAD_URL_SECONDS,
      });
      await createImport(ctx.db, {
        id: importId,
        userId: ctx.user.id,
        kind,
        fileName: input.fileName,
        objectKey: key,
      });
      return {
        importId,
        key,
        ...form,
        expiresInSeconds: UPLOAD_URL_SECONDS,
        maxBytes: options.maxBytes,
      };
    });

  const status = protectedProcedure
    .input(ZImportId)
    .output(ZImportStatus)
    .query(async ({ ctx, input }) => {
      const row = await findImportOfUser(ctx.db, ctx.user.id, input.importId, kind);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'importId: no such import' });
      // Only a running import has more to say than its row.
      const running = row.status === 'uploaded' || row.status === 'processing';
      return toView(row, running ? await workflowProgress(ctx, row.id) : null);
    });

  /**
   * The file has been posted: take it out of staging (within the size limit)
   * and hand it to the import workflow. Calling it again is harmless; once
   * the file is taken, nothing posted to the form afterwards is read.
   */
  const start = protectedProcedure
    .input(ZImportId)
    .output(ZImportStatus)
    .mutation(async ({ ctx, input }) => {
      const row = await findImportOfUser(ctx.db, ctx.user.id, input.importId, kind);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'importId: no such import' });
      if (row.status !== 'awaiting_upload' && row.status !== 'uploaded') return toView(row);
      if (row.status === 'awaiting_upload') {
        await takeFromStaging(ctx, row.object_key);
        await markImportUploaded(ctx.db, row.id);
      }
      await startWorkflow(ctx, row.id);
      const updated = await findImportOfUser(ctx.db, ctx.user.id, row.id, kind);
      return toView(updated ?? row);
    });

  /** Copies the staged file to the import's key and deletes it from staging; refuses (and deletes) one too large. */
  async function takeFromStaging(ctx: Context, key: string) {
    const staged = stagingKeyOf(key);
    const object = await ctx.objectStore.stat(IMPORTS_BUCKET, staged);
    if (!object) {
      // A start racing another, or retried after a crash, finds the file already taken.
      if (await ctx.objectStore.stat(IMPORTS_BUCKET, key)) return;
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'importId: the file has not been uploaded yet; post it to the upload form first',
      });
    }
    const refuseTooLarge = async (size: number) => {
      await ctx.objectStore.purge(IMPORTS_BUCKET, staged);
      await ctx.objectStore.purge(IMPORTS_BUCKET, key);
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `importId: the uploaded file is ${size} bytes, more than the ${options.maxBytes} allowed`,
      });
    };
    if (object.size > options.maxBytes) await refuseTooLarge(object.size);
    await ctx.objectStore.copy(IMPORTS_BUCKET, staged, key);
    await ctx.objectStore.purge(IMPORTS_BUCKET, staged);
    // The copy is what the workflow reads: check it, not the staging object it came from.
    const copied = await ctx.objectStore.stat(IMPORTS_BUCKET, key);
    if (copied && copied.size > options.maxBytes) await refuseTooLarge(copied.size);
  }

  async function startWorkflow(ctx: Context & { user: AuthUser }, importId: string) {
    const input: IngestInput = { importId };
    try {
      const client = await ctx.services.temporal();
      await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        client.workflow.start(ingestWorkflowTypes[kind], {
          workflowId: ingestWorkflowId(importId),
          taskQueue: ctx.services.taskQueues.ingest,
          args: [input],
        }),
      );
    } catch (error) {
      // A second start of the same import: the first one is doing the work.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      ctx.log.error({ err: error, importId }, 'could not start the import workflow');
      // The row stays 'uploaded', so calling start again picks it up.
      throw new TRPCError({
        code: 'SERVICE_UNAVAILABLE',
        message:
          'imports are unavailable right now; your file is kept, please start it again shortly',
      });
    }
  }

  return { uploadUrl, status, start };
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}
