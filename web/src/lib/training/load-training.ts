import type { CanopyClient } from '@canopy/client';
import { addDays, localDate } from '@canopy/domain';
import { explainFlags } from './flag-text.ts';
import { localTime } from './local-instant.ts';

/** The procedures the training page reads, so a test can hand in its own. */
export interface TrainingApi {
  me: { get: Pick<CanopyClient['me']['get'], 'query'> };
  training: {
    sessions: { list: Pick<CanopyClient['training']['sessions']['list'], 'query'> };
    wellness: { list: Pick<CanopyClient['training']['wellness']['list'], 'query'> };
    steps: { list: Pick<CanopyClient['training']['steps']['list'], 'query'> };
    loadSeries: Pick<CanopyClient['training']['loadSeries'], 'query'>;
    flags: Pick<CanopyClient['training']['flags'], 'query'>;
    readiness: Pick<CanopyClient['training']['readiness'], 'query'>;
  };
}

/** Days drawn in the charts; the API warms the averages up on the months before. */
export const CHART_DAYS = 90;
/** Days whose flags are explained: the last four weeks. */
export const FLAG_DAYS = 28;
/** Days of wellness and steps listed. */
export const RECENT_DAYS = 14;
export const SESSIONS_SHOWN = 20;

export async function loadTraining(api: TrainingApi, now: Date) {
  const profile = await api.me.get.query();
  const today = localDate(now, profile.timeZone);
  const recent = { from: addDays(today, -(RECENT_DAYS - 1)), to: today };
  // Issued in the same tick, so the client sends them as one batch.
  const [sessions, series, flags, wellness, steps, readiness] = await Promise.all([
    api.training.sessions.list.query({ limit: SESSIONS_SHOWN }),
    api.training.loadSeries.query({ from: addDays(today, -(CHART_DAYS - 1)), to: today }),
    api.training.flags.query({ from: addDays(today, -(FLAG_DAYS - 1)), to: today }),
    api.training.wellness.list.query(recent),
    api.training.steps.list.query(recent),
    api.training.readiness.query({ date: today }),
  ]);
  const latest = series.at(-1);
  return {
    today,
    units: profile.units,
    timeZone: profile.timeZone,
    sessions: sessions.items.map((s) => ({
      id: s.id,
      date: s.date,
      time: localTime(s.startedAt, profile.timeZone),
      type: s.type,
      durationMin: s.durationMin,
      rpe: s.rpe,
      distanceKm: s.distanceKm,
      heartRate: s.heartRate,
      feeling: s.feeling,
      loadAU: s.loadAU,
      notes: s.notes,
      source: s.source,
    })),
    hasMoreSessions: sessions.nextCursor !== null,
    load: {
      days: series.map((d) => ({
        date: d.date,
        load: d.load,
        acute7: d.acute7,
        chronic28: d.chronic28,
        acwr: d.acwr,
        ctl: d.ctl,
        atl: d.atl,
        tsb: d.tsb,
      })),
      latest: latest
        ? {
            acwr: latest.acwr,
            ctl: latest.ctl,
            atl: latest.atl,
            tsb: latest.tsb,
            load: latest.load,
          }
        : null,
      hasAny: series.some((d) => d.load > 0),
    },
    flags: explainFlags(flags.flags),
    // The member's own model of how training and sleep show in their readiness.
    readiness:
      readiness.status === 'ok'
        ? {
            status: 'ok' as const,
            predicted: readiness.predicted,
            trainedOn: readiness.model.trainedOn,
          }
        : { status: 'insufficient_data' as const, have: readiness.have, need: readiness.need },
    wellness: wellness
      .map((w) => ({
        date: w.date,
        fatigue: w.fatigue,
        readiness: w.readiness,
        mood: w.mood,
        sleepHours: w.sleepHours,
      }))
      .sort((a, b) => b.date.localeCompare(a.date)),
    steps: steps
      .map((s) => ({ date: s.date, steps: s.steps, source: s.source }))
      .sort((a, b) => b.date.localeCompare(a.date)),
  };
}

export type TrainingPage = Awaited<ReturnType<typeof loadTraining>>;
export type SessionRow = TrainingPage['sessions'][number];
