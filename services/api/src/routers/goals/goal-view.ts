import type { GoalRow } from '@canopy/db';
import { activityMembers, goalActivity } from '@canopy/db';
import type { GoalDefinition, GoalEvent, PooledGoalEvaluation } from '@canopy/domain';
import {
  evaluateGoal,
  GOAL_EVENT_TYPE,
  goalContributions,
  localDate,
  unpooledGoal,
  withholdSmallGoalGroups,
  ZGoalDefinition,
} from '@canopy/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../../trpc/index.ts';

export const ZGoal = z.object({
  id: z.string(),
  title: z.string(),
  scope: z.enum(['personal', 'organisation']),
  orgId: z.string().nullable(),
  kind: z.string(),
  definition: z.record(z.string(), z.unknown()),
  status: z.enum(['active', 'achieved', 'cancelled', 'ended']),
  createdAt: z.date(),
});

export function goalView(row: GoalRow): z.infer<typeof ZGoal> {
  return {
    id: row.id,
    title: row.title,
    scope: row.org_id ? 'organisation' : 'personal',
    orgId: row.org_id,
    kind: row.kind,
    definition: row.definition,
    status: row.status,
    createdAt: row.created_at,
  };
}

/**
 * Completes a definition with the caller's defaults (their time zone, today)
 * and validates it, reporting problems under `definition.<field>`.
 */
export function completeDefinition(
  raw: Record<string, unknown>,
  timeZone: string,
  now: Date,
): GoalDefinition {
  let today: string;
  try {
    today = localDate(now, (raw.timeZone as string | undefined) ?? timeZone);
  } catch {
    today = localDate(now, 'UTC');
  }
  const parsed = ZGoalDefinition.safeParse({ timeZone, startDate: today, ...raw });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ ...i, path: ['definition', ...i.path] }));
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `invalid goal definition: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      // An Error carrying the issues, which tRPC keeps as the cause (it
      // rebuilds a non-Error cause such as Zod 4's ZodError and drops its
      // issues), so the client gets them as field errors.
      cause: Object.assign(new Error('invalid goal definition'), { issues }),
    });
  }
  return parsed.data;
}

/**
 * Progress by the domain's goal rules over the stored activity. An
 * organisation's figures follow the pooled reports' minimum group size: a
 * period fewer than three members logged towards is withheld, with the reason.
 */
export async function goalProgress(
  ctx: Pick<Context, 'db' | 'now'>,
  definition: GoalDefinition,
  who: { userId: string } | { orgId: string },
): Promise<PooledGoalEvaluation> {
  const activity = await goalActivity(ctx.db, who, definition.startDate);
  const events: GoalEvent[] = [
    ...activity.steps.map((s) => ({ type: 'steps' as const, at: s.day, count: s.steps })),
    ...activity.sessions.map((s) => ({
      type: 'session' as const,
      at: s.local_date,
      durationMin: s.duration_min,
      rpe: s.rpe ?? 0,
    })),
    ...activity.emissions.map((e) => ({
      type: 'emission' as const,
      at: e.occurred_on,
      kgCO2e: e.total_kg_co2e,
    })),
  ];
  const evaluation = evaluateGoal(definition, events, ctx.now());
  if (!('orgId' in who)) return unpooledGoal(evaluation);
  const counted = GOAL_EVENT_TYPE[definition.kind];
  const owners = await activityMembers(ctx.db, {
    sessionIds: counted === 'session' ? activity.sessions.map((s) => s.id) : [],
    emissionIds: counted === 'emission' ? activity.emissions.map((e) => e.id) : [],
  });
  return withholdSmallGoalGroups(evaluation, goalContributions(definition.kind, activity, owners));
}
