import { activityMembers, findGoalStatus, goalActivity, listOrgAdminIds } from '@canopy/db';
import type { Cadence, GoalDefinition, GoalPeriodGroup } from '@canopy/domain';
import { GOAL_EVENT_TYPE, goalContributions, goalPeriodGroups } from '@canopy/domain';
import { log } from '@temporalio/activity';
import type { GoalOwner, KeyedGoalEvent } from '../goal-contract.ts';
import { goalEvents } from '../goal-contract.ts';
import type { NotifyDeps } from './notify-activities.ts';
import { need } from './notify-activities.ts';

/** What a goal tracker reads from the database: the stored rows are the truth. */
export function createGoalActivities(deps: Partial<NotifyDeps>) {
  return {
    /**
     * Whether a goal is still being pursued: a tracker whose goal was
     * cancelled while its signal was lost, or that belongs to a database
     * this worker does not serve, ends itself.
     */
    async goalIsActive(input: { goalId: string }): Promise<boolean> {
      return (await findGoalStatus(need(deps, 'db'), input.goalId)) === 'active';
    },

    /** Who is told about a goal: its member, or the org admins of its organisation. */
    async goalRecipients(owner: GoalOwner): Promise<string[]> {
      if ('userId' in owner) return [owner.userId];
      const admins = await listOrgAdminIds(need(deps, 'db'), owner.orgId);
      if (admins.length === 0) log.warn('organisation has no org admins to notify', owner);
      return admins;
    },

    /**
     * The stored activity a goal counts from `fromDay` on, keyed like the
     * signals: what a lost signal, an import, a deletion or a re-estimate
     * changed is set right when the tracker reloads.
     */
    async loadGoalEvents(input: { owner: GoalOwner; fromDay: string }): Promise<KeyedGoalEvent[]> {
      const rows = await goalActivity(need(deps, 'db'), input.owner, input.fromDay);
      return [
        ...rows.steps.map(goalEvents.steps),
        ...rows.sessions.map(goalEvents.session),
        ...rows.emissions.map(goalEvents.emission),
      ];
    },

    /**
     * How many members each period of an organisation goal rests on, from
     * `fromDay` on, and which periods' figures are withheld: read from the
     * stored rows by the same domain rule as the goal's progress in the API,
     * so a notification never tells what the dashboard withholds.
     */
    async orgGoalPeriodGroups(input: {
      orgId: string;
      kind: GoalDefinition['kind'];
      /** The goal's cadence, as its evaluation states it. */
      cadence: Cadence;
      fromDay: string;
    }): Promise<GoalPeriodGroup[]> {
      const db = need(deps, 'db');
      const rows = await goalActivity(db, { orgId: input.orgId }, input.fromDay);
      const counted = GOAL_EVENT_TYPE[input.kind];
      const owners = await activityMembers(db, {
        sessionIds: counted === 'session' ? rows.sessions.map((s) => s.id) : [],
        emissionIds: counted === 'emission' ? rows.emissions.map((e) => e.id) : [],
      });
      return goalPeriodGroups(input.cadence, goalContributions(input.kind, rows, owners));
    },
  };
}
