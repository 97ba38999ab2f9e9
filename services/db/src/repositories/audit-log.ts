import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';

export interface AuditInput {
  actorId: string;
  action: string;
  orgId?: string | null;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Records an admin action or a deletion; call it inside the same transaction as the change. */
export function recordAudit(db: Kysely<Database>, entry: AuditInput) {
  return db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      org_id: entry.orgId ?? null,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      details: entry.details ?? {},
    })
    .returning(['id', 'at'])
    .executeTakeFirstOrThrow();
}

export function listAuditForOrganisation(db: Kysely<Database>, orgId: string, limit = 100) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_id', 'action', 'target_type', 'target_id', 'details'])
    .where('org_id', '=', orgId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
