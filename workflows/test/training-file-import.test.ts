import type { GoalDefinition } from '@canopy/domain';
import { addDays } from '@canopy/domain';
import { todayIn, zoneAtLocalHour } from '@canopy/devstack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestStack } from './ingest-fixtures.ts';
import {
  countRows,
  importRow,
  newMember,
  recorded,
  replayRecorded,
  runIngest,
  startIngest,
  startIngestStack,
  uploadImport,
} from './ingest-fixtures.ts';
import type { GoalProgress, TrackGoalInput } from '../src/shared.ts';
import { goalQueries, goalWorkflowId, goalWorkflowType } from '../src/shared.ts';
import { insertGoal, waitFor } from './goal-fixtures.ts';
import { fitSwim, gpxRun, tcxRide } from './training-fixtures.ts';

let stack: IngestStack;
beforeAll(async () => {
  stack = await startIngestStack('training-import');
});
afterAll(async () => {
  await stack?.close();
});

function sessionsOf(userId: string) {
  return stack.db
    .selectFrom('training_sessions')
    .select([
      'id',
      'started_at',
      'local_date',
      'sport',
      'duration_min',
      'distance_km',
      'hr_avg',
      'hr_max',
      'rpe',
      'load_au',
      'source',
      'updated_at',
    ])
    .where('user_id', '=', userId)
    .orderBy('started_at')
    .execute();
}

function notificationsOf(userId: string, kind: string) {
  return stack.db
    .selectFrom('notifications')
    .select(['kind', 'title', 'body', 'data'])
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .execute();
}

describe('training file import', () => {
  it('imports a GPX run on the member’s own calendar day and asks for its RPE once', async () => {
    const user = newMember();
    await stack.db
      .insertInto('user_profiles')
      .values({ user_id: user, display_name: 'Kiri', time_zone: 'Pacific/Auckland' })
      .execute();
    // 20:00 UTC on 1 March is 09:00 on 2 March in Auckland (NZDT, UTC+13).
    const file = gpxRun(new Date('2026-03-01T20:00:00Z'));
    const importId = await uploadImport(stack.db, user, 'training_file', 'run.gpx', file);
    const result = await runIngest(
      stack,
      'training_file',
      { importId, rpePromptDelaySeconds: 1 },
      'training-gpx-rpe-prompt',
    );

    expect(result).toMatchObject({ state: 'completed', totalRows: 1, okRows: 1, storedRows: 1 });
    const [run] = await sessionsOf(user);
    expect(run).toMatchObject({
      local_date: '2026-03-02',
      sport: 'running',
      duration_min: 30,
      hr_avg: 148,
      hr_max: 155,
      rpe: null,
      load_au: null,
      source: 'import',
    });
    // Three 0.01° steps of latitude: 3.34 km by the haversine formula.
    expect(run!.distance_km).toBeCloseTo(3.336, 2);
    const prompts = await notificationsOf(user, 'rpe_prompt');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.data).toEqual({ sessionId: run!.id });
    expect(prompts[0]!.body).toContain('running session of 2026-03-02');
    expect(await importRow(stack.db, importId)).toMatchObject({
      status: 'completed',
      ok_rows: 1,
      error_rows: 0,
    });

    // The same file again, as a new upload: nothing stored, nobody asked twice.
    const again = await uploadImport(stack.db, user, 'training_file', 'run-copy.gpx', file);
    const rerun = await runIngest(stack, 'training_file', {
      importId: again,
      rpePromptDelaySeconds: 1,
    });
    expect(rerun).toMatchObject({ state: 'completed', okRows: 1, storedRows: 0, errorRows: 0 });
    expect(await sessionsOf(user)).toEqual([run]);
    expect(await notificationsOf(user, 'rpe_prompt')).toHaveLength(1);
  });

  it('does not ask for an RPE the member gave before the prompt was due', async () => {
    const user = newMember();
    const importId = await uploadImport(
      stack.db,
      user,
      'training_file',
      'ride.tcx',
      tcxRide(new Date('2026-03-03T06:00:00Z')),
    );
    const { client, taskQueue } = stack;
    const handle = await client.workflow.start('trainingFileImport', {
      workflowId: `ingest-${importId}`,
      taskQueue,
      args: [{ importId, rpePromptDelaySeconds: 3 }],
    });
    // Rate it while the workflow waits.
    for (let i = 0; i < 50 && (await countRows(stack.db, 'training_sessions', user)) === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await stack.db
      .updateTable('training_sessions')
      .set({ rpe: 6, load_au: 270 })
      .where('user_id', '=', user)
      .execute();
    await handle.result();
    expect(await notificationsOf(user, 'rpe_prompt')).toEqual([]);
    const [ride] = await sessionsOf(user);
    expect(ride).toMatchObject({
      sport: 'biking',
      duration_min: 45,
      distance_km: 18,
      // Lap averages weighted by lap time: (130 × 30 + 160 × 15) / 45.
      hr_avg: 140,
      hr_max: 178,
      local_date: '2026-03-03',
    });
  });

  it('imports a FIT swim made with Garmin’s encoder', async () => {
    const user = newMember();
    const importId = await uploadImport(
      stack.db,
      user,
      'training_file',
      'swim.fit',
      fitSwim(new Date('2026-03-04T17:15:00Z')),
    );
    const result = await runIngest(stack, 'training_file', {
      importId,
      rpePromptDelaySeconds: 1,
    });
    expect(result).toMatchObject({ state: 'completed', okRows: 1, storedRows: 1 });
    expect(await sessionsOf(user)).toMatchObject([
      { sport: 'swimming', duration_min: 40, distance_km: 2, hr_avg: 128, hr_max: 152 },
    ]);
  });

  it('rejects implausible, duplicate and overlapping sessions by line and keeps the good ones', async () => {
    const user = newMember();
    // A session the member logged by hand, 10:00-11:00.
    await stack.db
      .insertInto('training_sessions')
      .values({
        user_id: user,
        started_at: new Date('2026-03-10T10:00:00Z'),
        local_date: '2026-03-10',
        sport: 'rowing',
        duration_min: 60,
        rpe: 5,
        load_au: 300,
      })
      .execute();
    const csv = [
      'start,sport,duration_min,distance_km,rpe,hr_avg,hr_max,notes',
      '2026-03-10T07:00:00Z,running,45,9.5,6,150,172,tempo', // 2 ok
      '2026-03-10T07:00:00Z,running,45,9.5,6,150,172,tempo again', // 3 duplicate of 2
      '2026-03-10T07:30:00Z,cycling,30,,4,,,', // 4 overlaps 2
      '2026-03-11T07:00:00Z,running,40,,11,,,', // 5 rpe out of range
      '2026-03-12T07:00:00Z,running,40,,5,300,,', // 6 heart rate out of range
      '2026-03-13T07:00:00Z,running,0,,5,,,', // 7 no duration
      '2026-03-14T07:00:00Z,walking,1500,,2,,,', // 8 over a day
      '2026-03-10T10:30:00Z,running,20,,5,,,', // 9 overlaps the logged rowing
      'yesterday,running,30,,5,,,', // 10 no time
      '2026-03-15T18:00:00+01:00,yoga,60,,3,,,', // 11 ok
    ].join('\n');
    const importId = await uploadImport(stack.db, user, 'training_file', 'log.csv', csv);
    const result = await runIngest(stack, 'training_file', { importId }, 'training-csv-errors');

    expect(result).toMatchObject({ totalRows: 10, okRows: 2, storedRows: 2, errorRows: 8 });
    const row = await importRow(stack.db, importId);
    expect(row.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'start'],
      [4, 'start'],
      [5, 'rpe'],
      [6, 'hr_avg'],
      [7, 'duration_min'],
      [8, 'duration_min'],
      [9, 'start'],
      [10, 'start'],
    ]);
    expect(row.errors[0]!.message).toBe('duplicate of the session on line 2');
    expect(row.errors[1]!.message).toBe('overlaps the session on line 2');
    expect(row.errors[6]!.message).toContain('overlaps the rowing session already logged');
    const stored = await sessionsOf(user);
    expect(stored.map((s) => [s.sport, s.load_au])).toEqual([
      ['running', 270],
      ['rowing', 300],
      ['yoga', 180],
    ]);

    // Again: the good rows are found already there, the bad ones reported the same.
    const rerun = await runIngest(stack, 'training_file', { importId });
    expect(rerun).toMatchObject({ okRows: 2, storedRows: 0, errorRows: 8 });
    expect(await sessionsOf(user)).toEqual(stored);
  });

  it('notifies a load spike the import causes, once', async () => {
    const user = newMember();
    const lastDay = '2026-10-28';
    // Four weeks of easy 30-minute sessions at RPE 3 (90 AU a day)…
    await stack.db
      .insertInto('training_sessions')
      .values(
        Array.from({ length: 28 }, (_, i) => {
          const day = addDays(lastDay, i - 27);
          return {
            user_id: user,
            started_at: new Date(`${day}T06:00:00Z`),
            local_date: day,
            sport: 'running',
            duration_min: 30,
            rpe: 3,
            load_au: 90,
          };
        }),
      )
      .execute();
    // …then three hard two-hour days at RPE 9 in the last week: ACWR well over 1.5.
    const csv = [
      'start,sport,duration_min,rpe',
      ...[2, 1, 0].map((back) => `${addDays(lastDay, -back)}T12:00:00Z,cycling,120,9`),
    ].join('\n');
    const importId = await uploadImport(stack.db, user, 'training_file', 'block.csv', csv);
    await runIngest(stack, 'training_file', { importId });

    const flags = await notificationsOf(user, 'training_flag');
    expect(flags.map((f) => (f.data as { kind: string }).kind)).toContain('acwr_spike');
    expect(flags.find((f) => (f.data as { date: string }).date === lastDay)?.body).toMatch(
      /acute:chronic workload ratio/,
    );
    const second = await uploadImport(stack.db, user, 'training_file', 'block-2.csv', csv);
    await runIngest(stack, 'training_file', { importId: second });
    expect(await notificationsOf(user, 'training_flag')).toHaveLength(flags.length);
  });

  it('fails an import whose file cannot be read, saying why, and stores nothing', async () => {
    const user = newMember();
    const broken = gpxRun(new Date('2026-03-20T07:00:00Z')).slice(0, 300);
    const cases = [
      ['broken.gpx', broken, /unreadable file|not a GPX file/],
      ['empty.tcx', '<notes>hello</notes>', /not a TCX file/],
      ['random.fit', Buffer.from('definitely not a FIT file'), /not a FIT file/],
      ['header.csv', 'when,what\n2026-03-01T07:00:00Z,run\n', /unknown column 'when'/],
    ] as const;
    for (const [name, body, reason] of cases) {
      const importId = await uploadImport(stack.db, user, 'training_file', name, body);
      const handle = await startIngest(stack, 'training_file', { importId });
      await expect(handle.result(), name).rejects.toThrow();
      const row = await importRow(stack.db, importId);
      expect(row.status, name).toBe('failed');
      expect(row.errors[0]?.message, name).toMatch(reason);
    }
    expect(await countRows(stack.db, 'training_sessions', user)).toBe(0);
  });

  it('tells the member’s session goals about the sessions it stored', async () => {
    const user = newMember();
    // Midday in the goal's zone, so the sessions of the last hours fall on today.
    const zone = zoneAtLocalHour(12);
    const today = todayIn(zone);
    await stack.db
      .insertInto('user_profiles')
      .values({ user_id: user, display_name: 'Goal keeper', time_zone: zone })
      .execute();
    const definition: GoalDefinition = {
      kind: 'sessions_per_week',
      target: 5,
      timeZone: zone,
      startDate: today,
    };
    const title = 'Five sessions a week';
    const goalId = await insertGoal(stack.db, { userId: user }, definition, title);
    const input: TrackGoalInput = { goalId, title, definition, owner: { userId: user } };
    const goal = await stack.client.workflow.start(goalWorkflowType, {
      workflowId: goalWorkflowId(goalId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    try {
      expect((await goal.query<GoalProgress>(goalQueries.progress)).value).toBe(0);
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
      const csv = `start,sport,duration_min,rpe\n${hoursAgo(3)},running,30,5\n${hoursAgo(2)},cycling,30,4\n`;
      const importId = await uploadImport(stack.db, user, 'training_file', 'today.csv', csv);
      await runIngest(stack, 'training_file', { importId });
      const progress = await waitFor(
        () => goal.query<GoalProgress>(goalQueries.progress),
        (p) => p.value === 2,
      );
      expect(progress.value).toBe(2);
    } finally {
      await goal.terminate('test over');
    }
  });

  it('replays the runs above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['training-csv-errors', 'training-gpx-rpe-prompt']);
    expect(await replayRecorded()).toEqual([]);
  }, 60_000);
});
