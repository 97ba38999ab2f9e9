import type { CanopyClient } from '@canopy/client';
import type { Evaluation } from './progress-text.ts';

export interface GoalsApi {
  goals: {
    list: Pick<CanopyClient['goals']['list'], 'query'>;
    progress: Pick<CanopyClient['goals']['progress'], 'query'>;
  };
}

/** Active goals with their progress, then the rest (achieved, ended, cancelled), newest first. */
export async function loadGoals(api: GoalsApi) {
  const goals = await api.goals.list.query({});
  const active = goals.filter((g) => g.status === 'active');
  const progress = await Promise.all(
    active.map((g) => api.goals.progress.query({ goalId: g.id }) as Promise<Evaluation>),
  );
  const view = (g: (typeof goals)[number]) => ({
    id: g.id,
    title: g.title,
    kind: g.kind,
    scope: g.scope,
    status: g.status,
    createdAt: g.createdAt,
  });
  return {
    active: active.map((g, i) => {
      const p = progress[i]!;
      return {
        ...view(g),
        progress: {
          kind: p.kind,
          cadence: p.cadence,
          value: p.value,
          rule: p.rule,
          progress: p.progress,
          achieved: p.achieved,
          status: p.status,
          streak: p.streak,
          withheld: p.withheld,
        } satisfies Evaluation,
      };
    }),
    past: goals
      .filter((g) => g.status !== 'active')
      .map(view)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
  };
}

export type GoalsPage = Awaited<ReturnType<typeof loadGoals>>;
