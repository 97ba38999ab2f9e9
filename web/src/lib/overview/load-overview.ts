import type { CanopyClient } from '@canopy/client';
import { localDate } from '@canopy/domain';
import { categoryTrend } from './category-trend.ts';
import { compareMonths } from './month-comparison.ts';
import { overviewRanges } from './month-ranges.ts';

/** The procedures the overview reads, so a test can hand in its own. */
export interface OverviewApi {
  me: { get: Pick<CanopyClient['me']['get'], 'query'> };
  carbon: { summary: Pick<CanopyClient['carbon']['summary'], 'query'> };
  training: {
    loadSeries: Pick<CanopyClient['training']['loadSeries'], 'query'>;
    steps: { list: Pick<CanopyClient['training']['steps']['list'], 'query'> };
  };
  goals: {
    list: Pick<CanopyClient['goals']['list'], 'query'>;
    progress: Pick<CanopyClient['goals']['progress'], 'query'>;
  };
}

/** Goals shown on the overview; the goals page lists the rest. */
const GOALS_AT_A_GLANCE = 4;

export async function loadOverview(api: OverviewApi, now: Date) {
  const profile = await api.me.get.query();
  const today = localDate(now, profile.timeZone);
  const ranges = overviewRanges(today);
  // Issued in the same tick, so the client sends them as one batch.
  const [summary, load, steps, goals] = await Promise.all([
    api.carbon.summary.query({ ...ranges.trend, bucket: 'month' }),
    api.training.loadSeries.query(ranges.load),
    api.training.steps.list.query(ranges.steps),
    api.goals.list.query({ status: 'active' }),
  ]);
  const shownGoals = goals.slice(0, GOALS_AT_A_GLANCE);
  const progress = await Promise.all(
    shownGoals.map((goal) => api.goals.progress.query({ goalId: goal.id })),
  );

  const monthTotal = (from: string) =>
    summary.buckets.find((b) => b.start.slice(0, 7) === from.slice(0, 7))?.totalKgCO2e ?? 0;
  const lastLoad = load.at(-1);
  return {
    profile: { displayName: profile.displayName, units: profile.units, timeZone: profile.timeZone },
    today,
    carbon: {
      comparison: compareMonths(
        monthTotal(ranges.thisMonth.from),
        monthTotal(ranges.lastMonth.from),
      ),
      trend: categoryTrend(summary.buckets, ranges.trend),
      hasAny: summary.buckets.some((b) => b.totalKgCO2e > 0),
    },
    training: {
      // The first 28 days only warm up the chronic average; show the last 60.
      series: load.slice(-60).map((d) => ({
        date: d.date,
        load: d.load,
        acwr: d.acwr,
        acute7: d.acute7,
        chronic28: d.chronic28,
      })),
      latest: lastLoad
        ? { acwr: lastLoad.acwr, ctl: lastLoad.ctl, atl: lastLoad.atl, tsb: lastLoad.tsb }
        : null,
      hasAny: load.some((d) => d.load > 0),
    },
    steps: {
      days: steps.map((s) => ({ date: s.date, steps: s.steps })),
      hasAny: steps.length > 0,
    },
    goals: shownGoals.map((goal, i) => ({
      id: goal.id,
      title: goal.title,
      kind: goal.kind,
      scope: goal.scope,
      progress: progress[i]!,
    })),
    goalCount: goals.length,
  };
}

export type Overview = Awaited<ReturnType<typeof loadOverview>>;
