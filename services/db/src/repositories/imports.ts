import type { Kysely } from 'kysely';
import type { Database, ImportKind } from '../schema/index.ts';

export const importColumns = [
  'id',
  'user_id',
  'kind',
  'file_name',
  'object_key',
  'status',
  'total_rows',
  'ok_rows',
  'error_rows',
  'errors',
  'created_at',
  'updated_at',
] as const;

/** Records an upload the member is about to make; the import workflow picks it up from here. */
export function createImport(
  db: Kysely<Database>,
  entry: { id: string; userId: string; kind: ImportKind; fileName: string; objectKey: string },
) {
  return db
    .insertInto('imports')
    .values({
      id: entry.id,
      user_id: entry.userId,
      kind: entry.kind,
      file_name: entry.fileName,
      object_key: entry.objectKey,
    })
    .returning(importColumns)
    .executeTakeFirstOrThrow();
}

/** A member's own import of one kind; anyone else's id finds nothing. */
export function findImportOfUser(
  db: Kysely<Database>,
  userId: string,
  id: string,
  kind: ImportKind,
) {
  return db
    .selectFrom('imports')
    .select(importColumns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('kind', '=', kind)
    .executeTakeFirst();
}
