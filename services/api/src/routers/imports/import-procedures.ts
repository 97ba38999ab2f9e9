import { randomUUID } from 'node:crypto';
import type { ImportKind } from '@canopy/db';
import { createImport, findImportOfUser } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { protectedProcedure } from '../../trpc/index.ts';

export const IMPORTS_BUCKET = 'imports';
const UPLOAD_URL_SECONDS = 900;

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
});

/**
 * The upload-URL and status procedures of one kind of import. The file goes
 * from the browser straight to the bucket under the member's own prefix; the
 * import workflow reads it from there and updates the row.
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
        key: z.string(),
        url: z.string(),
        expiresInSeconds: z.number(),
        maxBytes: z.number(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const importId = randomUUID();
      const key = `${ctx.user.id}/${importId}.${extensionOf(input.fileName)}`;
      // Presign first: if the store is down, no row is left awaiting an upload that cannot come.
      const url = await ctx.objectStore.presignPut(IMPORTS_BUCKET, key, UPLOAD_URL_SECONDS);
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
        url,
        expiresInSeconds: UPLOAD_URL_SECONDS,
        maxBytes: options.maxBytes,
      };
    });

  const status = protectedProcedure
    .input(z.strictObject({ importId: z.uuid({ error: 'importId must be an import id' }) }))
    .output(ZImportStatus)
    .query(async ({ ctx, input }) => {
      const row = await findImportOfUser(ctx.db, ctx.user.id, input.importId, kind);
      if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'importId: no such import' });
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
      };
    });

  return { uploadUrl, status };
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}
