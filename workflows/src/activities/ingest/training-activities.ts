import type { ImportRowError, NewTrainingSession } from '@canopy/db';
import {
  activeGoalsOfKinds,
  createNotification,
  firstSessionDate,
  insertImportedTrainingSessions,
  listSessionLoads,
  lockMemberSessions,
  sessionsNear,
  sessionsStillWithoutRpe,
} from '@canopy/db';
import { addDays, localDate, loadSeries, sessionLoad, trainingFlags } from '@canopy/domain';
import type { KeyedGoalEvent } from '../../goal-contract.ts';
import { goalEvents } from '../../goal-contract.ts';
import { MAX_REPORTED_ROW_ERRORS } from '../../ingest-shared.ts';
import type { BegunImport } from './import-activities.ts';
import { refitMemberReadiness } from '../readiness-activities.ts';
import type { RefitOutcome } from '../readiness-activities.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { bucketOf, need } from './ingest-deps.ts';
import { endOf, implausibility, sessionDedupeKey } from './training/check-session.ts';
import { parseFit } from './training/fit.ts';
import { parseGpx } from './training/gpx.ts';
import type { ParsedFile, ParsedSession } from './training/parsed-session.ts';
import { parseTcx } from './training/tcx.ts';
import { parseTrainingCsv } from './training/training-csv.ts';

/** Sessions whose RPE prompt one import may schedule; more would only be noise. */
const MAX_RPE_PROMPTS = 50;
/** Days before the first new session that the load series reads: three 42-day time constants. */
const WARM_UP_DAYS = 3 * 42;

export interface TrainingStoreOutcome {
  totalRows: number;
  okRows: number;
  storedRows: number;
  errorRows: number;
  errors: ImportRowError[];
  /** Calendar days of the sessions stored now. */
  storedDates: string[];
  /** Sessions stored now without an RPE, for the prompt. */
  withoutRpe: string[];
  /** The sessions stored now as goal trackers count them. */
  goalEvents: KeyedGoalEvent[];
  /** No session could be read at all: the file itself is the problem (its errors say why). */
  unreadable: boolean;
}

/** Goal kinds that count training sessions (see goalEventKeys.session). */
const SESSION_GOAL_KINDS = ['sessions_per_week', 'weekly_training_load'];
/** Sessions one import signals to goals; a bigger history is read from the rows when a goal loads. */
const MAX_GOAL_EVENTS = 500;

function parseFile(fileName: string, bytes: Buffer): ParsedFile {
  try {
    return parseByExtension(fileName, bytes);
  } catch (error) {
    // Broken XML or FIT bytes are the file's fault: report it, retrying cannot help.
    const reason = error instanceof Error ? error.message : String(error);
    return {
      sessions: [],
      errors: [{ line: 1, field: null, message: `unreadable file: ${reason}` }],
    };
  }
}

function parseByExtension(fileName: string, bytes: Buffer): ParsedFile {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'gpx':
      return parseGpx(bytes.toString('utf8'));
    case 'tcx':
      return parseTcx(bytes.toString('utf8'));
    case 'fit':
      return parseFit(bytes);
    case 'csv':
      return parseTrainingCsv(bytes.toString('utf8'));
    default:
      return {
        sessions: [],
        errors: [{ line: 1, field: null, message: `cannot read .${ext} files` }],
      };
  }
}

export function createTrainingActivities(deps: Partial<IngestDeps>) {
  return {
    /**
     * Reads, validates and stores a training file's sessions. Safe to repeat:
     * a session already stored (same start and sport) counts as good and is
     * not stored again; one that overlaps another session is rejected.
     */
    async storeTrainingFile(input: {
      importId: string;
      begun: BegunImport;
    }): Promise<TrainingStoreOutcome> {
      const db = need(deps, 'db');
      const { begun } = input;
      const stream = await need(deps, 'objectStore').getObject(bucketOf(deps), begun.objectKey);
      const pieces: Buffer[] = [];
      for await (const piece of stream) pieces.push(piece as Buffer);
      const parsed = parseFile(begun.fileName, Buffer.concat(pieces));
      const errors = [...parsed.errors];
      const now = new Date();

      // Within the file: plausible, then not a repeat of or overlapping an earlier session.
      const accepted: (ParsedSession & { key: string })[] = [];
      for (const s of parsed.sessions) {
        const wrong = implausibility(s, now);
        if (wrong) {
          errors.push(wrong);
          continue;
        }
        const key = sessionDedupeKey(s);
        const twin = accepted.find((a) => a.key === key);
        if (twin) {
          errors.push({
            line: s.line,
            field: 'start',
            message: `duplicate of the session on line ${twin.line}`,
          });
          continue;
        }
        const clash = accepted.find(
          (a) => a.startedAt.getTime() < endOf(s) && s.startedAt.getTime() < endOf(a),
        );
        if (clash) {
          errors.push({
            line: s.line,
            field: 'start',
            message: `overlaps the session on line ${clash.line}`,
          });
          continue;
        }
        accepted.push({ ...s, key });
      }

      const stored = await db.transaction().execute(async (trx) => {
        await lockMemberSessions(trx, begun.userId);
        const rows: NewTrainingSession[] = [];
        let already = 0;
        if (accepted.length > 0) {
          const from = new Date(Math.min(...accepted.map((s) => s.startedAt.getTime())));
          const to = new Date(Math.max(...accepted.map(endOf)));
          const existing = await sessionsNear(trx, begun.userId, from, to);
          for (const s of accepted) {
            if (existing.some((e) => e.dedupe_key === s.key)) {
              already += 1;
              continue;
            }
            const clash = existing.find(
              (e) =>
                e.started_at.getTime() < endOf(s) &&
                s.startedAt.getTime() <
                  endOf({ startedAt: e.started_at, durationMin: e.duration_min }),
            );
            if (clash) {
              errors.push({
                line: s.line,
                field: 'start',
                message: `overlaps the ${clash.sport} session already logged at ${clash.started_at.toISOString()}`,
              });
              continue;
            }
            rows.push({
              user_id: begun.userId,
              org_id: begun.orgId,
              started_at: s.startedAt,
              local_date: localDate(s.startedAt, begun.timeZone),
              sport: s.sport,
              duration_min: s.durationMin,
              rpe: s.rpe,
              distance_km: s.distanceKm,
              hr_avg: s.hrAvg,
              hr_max: s.hrMax,
              load_au:
                s.rpe === null ? null : sessionLoad({ durationMin: s.durationMin, rpe: s.rpe }),
              notes: s.notes,
              source: 'import',
              import_id: input.importId,
              dedupe_key: s.key,
            });
          }
        }
        const inserted = await insertImportedTrainingSessions(trx, rows);
        return { inserted, okRows: rows.length + already };
      });

      errors.sort((a, b) => a.line - b.line);
      return {
        totalRows: parsed.sessions.length + parsed.errors.length,
        okRows: stored.okRows,
        storedRows: stored.inserted.length,
        errorRows: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ROW_ERRORS),
        storedDates: [...new Set(stored.inserted.map((r) => r.local_date))].sort(),
        withoutRpe: stored.inserted
          .filter((r) => r.rpe === null)
          .slice(0, MAX_RPE_PROMPTS)
          .map((r) => r.id),
        goalEvents: stored.inserted.slice(0, MAX_GOAL_EVENTS).map((r) => goalEvents.session(r)),
        unreadable:
          parsed.sessions.length === 0 &&
          (parsed.errors.length === 0 || parsed.errors.some((e) => e.field === null)),
      };
    },

    /** The member's active goals that count training sessions. */
    async sessionGoalsOf(input: { userId: string }): Promise<string[]> {
      const goals = await activeGoalsOfKinds(need(deps, 'db'), input.userId, SESSION_GOAL_KINDS);
      return goals.map((g) => g.id);
    },

    /**
     * Recomputes the member's load series over the days the import touched,
     * notifies each flag there once (the dedupe key is the flag's kind and day).
     */
    async analyseTraining(input: {
      userId: string;
      importId: string;
      dates: string[];
    }): Promise<{ flags: number; notified: number; readiness?: RefitOutcome }> {
      const db = need(deps, 'db');
      const from = input.dates[0];
      const to = input.dates[input.dates.length - 1];
      if (from === undefined || to === undefined) return { flags: 0, notified: 0 };
      // New sessions change the load features: the readiness model is refitted with them.
      const readiness = await refitMemberReadiness(db, input.userId, new Date());
      const readFrom = addDays(from, -WARM_UP_DAYS);
      const [sessions, first] = await Promise.all([
        listSessionLoads(db, input.userId, readFrom, to),
        firstSessionDate(db, input.userId),
      ]);
      const historyStart = first === undefined ? from : first > readFrom ? first : readFrom;
      const series = loadSeries(
        sessions.map((s) => ({ date: s.local_date, durationMin: s.duration_min, rpe: s.rpe! })),
        { from, to, historyStart },
      );
      const flags = trainingFlags(series);
      let notified = 0;
      for (const flag of flags) {
        const n = await createNotification(db, {
          userId: input.userId,
          kind: 'training_flag',
          title: `Training flag on ${flag.date}`,
          body: flag.message,
          data: { ...flag, importId: input.importId },
          dedupeKey: `training-flag:${flag.kind}:${flag.date}`,
        });
        if (n.created) notified += 1;
      }
      return { flags: flags.length, notified, readiness };
    },

    /** Asks the member to rate each imported session that still has no RPE; once per session. */
    async promptForRpe(input: { userId: string; sessionIds: string[] }): Promise<number> {
      const db = need(deps, 'db');
      const unrated = await sessionsStillWithoutRpe(db, input.userId, input.sessionIds);
      let created = 0;
      for (const s of unrated) {
        const n = await createNotification(db, {
          userId: input.userId,
          kind: 'rpe_prompt',
          title: 'How hard was it?',
          body: `Rate your ${s.sport} session of ${s.local_date} (${Math.round(s.duration_min)} min) from 0 (rest) to 10 (maximal) so it counts towards your training load.`,
          data: { sessionId: s.id },
          dedupeKey: `rpe-prompt:${s.id}`,
        });
        if (n.created) created += 1;
      }
      return created;
    },
  };
}
