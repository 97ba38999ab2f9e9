import { demoUsers } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';
import { postUpload } from './upload-forms.ts';

/** The fields a rejected call's input errors name (dotted path → messages). */
async function rejectedFields(call: Promise<unknown>) {
  const error = await call.then(
    () => expect.fail('the call should have been rejected'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe('BAD_REQUEST');
  const issues = ((error as TRPCError).cause as { issues?: unknown } | undefined)?.issues;
  expect(Array.isArray(issues)).toBe(true);
  const fields: Record<string, string[]> = {};
  for (const issue of issues as { path: PropertyKey[]; message: string }[]) {
    (fields[issue.path.join('.')] ??= []).push(issue.message);
  }
  return fields;
}

const run = {
  startedAt: '2026-05-01T22:30:00Z',
  type: 'run',
  durationMin: 60,
  rpe: 7,
  distanceKm: 12,
} as const;

describe('training router: sessions, wellness, steps and imports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const rows = async (table: 'training_sessions' | 'wellness_days' | 'daily_steps') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("stores a session's session-RPE load and its day in the member's time zone", async () => {
    const caller = await h.as('member');
    await caller.me.update({ timeZone: 'Europe/Berlin' });
    const session = await caller.training.sessions.create({
      ...run,
      heartRate: { avgBpm: 150, maxBpm: 180, restBpm: 50, zoneMinutes: [10, 10, 10, 10, 10] },
      feeling: { fatigue: 4, mood: 8 },
    });
    // 22:30 UTC on 1 May is 00:30 on 2 May in Berlin (CEST, UTC+2).
    expect(session).toMatchObject({
      date: '2026-05-02',
      type: 'run',
      durationMin: 60,
      rpe: 7,
      // Foster: 60 min × RPE 7.
      loadAU: 420,
      // Edwards: 10 min in each zone × weights 1..5.
      trimp: 150,
      heartRate: { avgBpm: 150, maxBpm: 180 },
      feeling: { fatigue: 4, readiness: null, mood: 8 },
      source: 'manual',
    });
    expect(session.startedAt.toISOString()).toBe('2026-05-01T22:30:00.000Z');
    const stored = await h.db
      .selectFrom('training_sessions')
      .select(['user_id', 'local_date', 'load_au'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      user_id: demoUsers.member.id,
      local_date: '2026-05-02',
      load_au: 420,
    });
  });

  it('updates a session and works its load out again', async () => {
    const caller = await h.as('member');
    const session = await caller.training.sessions.create({
      ...run,
      startedAt: '2026-05-03T08:00:00Z',
    });
    const updated = await caller.training.sessions.update({ id: session.id, durationMin: 30 });
    expect(updated).toMatchObject({ durationMin: 30, rpe: 7, loadAU: 210, distanceKm: 12 });
    const moved = await caller.training.sessions.update({
      id: session.id,
      startedAt: '2026-05-04T21:59:00Z',
      rpe: 4,
    });
    expect(moved).toMatchObject({ date: '2026-05-04', loadAU: 120 });
  });

  it('rejects bad sessions naming the field, and stores nothing', async () => {
    const caller = await h.as('member');
    const before = await rows('training_sessions');
    expect(await rejectedFields(caller.training.sessions.create({ ...run, rpe: 11 }))).toEqual({
      rpe: ['rpe must be from 0 to 10'],
    });
    expect(
      Object.keys(
        await rejectedFields(caller.training.sessions.create({ ...run, durationMin: 0 })),
      ),
    ).toEqual(['durationMin']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.sessions.create({ ...run, startedAt: 'yesterday' as never }),
        ),
      ),
    ).toEqual(['startedAt']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.sessions.create({ ...run, feeling: { fatigue: 7.5 } }),
        ),
      ),
    ).toEqual(['feeling.fatigue']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.sessions.create({
            ...run,
            heartRate: { avgBpm: 190, maxBpm: 180, restBpm: 50 },
          }),
        ),
      ),
    ).toEqual(['heartRate.avgBpm']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.sessions.create({ ...run, startedAt: '0001-01-01T00:00:00Z' }),
        ),
      ),
    ).toEqual(['startedAt']);
    expect(
      await rejectedFields(caller.training.sessions.create({ ...run, type: 'run\u0000' })),
    ).toEqual({ type: ['type must not contain NUL characters'] });
    expect(await rows('training_sessions')).toBe(before);
    await expect((await h.as(null)).training.sessions.list({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it("keeps members apart: member2 can neither see, change nor delete member's session", async () => {
    const owner = await h.as('member');
    const other = await h.as('member2');
    const session = await owner.training.sessions.create({
      ...run,
      startedAt: '2026-06-01T07:00:00Z',
    });
    await expect(other.training.sessions.update({ id: session.id, rpe: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.training.sessions.delete({ id: session.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await other.training.sessions.list({})).items.map((s) => s.id)).not.toContain(
      session.id,
    );
    const series = await other.training.loadSeries({ from: '2026-06-01', to: '2026-06-01' });
    expect(series[0]!.load).toBe(0);
    const still = await h.db
      .selectFrom('training_sessions')
      .select(['rpe'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(still.rpe).toBe(7);
  });

  it('deletes an own session with an audit row, and lists newest first in pages', async () => {
    const caller = await h.as('member2');
    const made = [];
    for (const day of ['01', '02', '03', '04', '05']) {
      made.push(
        await caller.training.sessions.create({ ...run, startedAt: `2026-07-${day}T06:00:00Z` }),
      );
    }
    const deleted = made[2]!;
    expect(await caller.training.sessions.delete({ id: deleted.id })).toEqual({
      id: deleted.id,
      deleted: true,
    });
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action'])
      .where('target_id', '=', deleted.id)
      .execute();
    expect(audit).toEqual([{ actor_id: demoUsers.member2.id, action: 'training.session.delete' }]);

    const first = await caller.training.sessions.list({
      from: '2026-07-01',
      to: '2026-07-31',
      limit: 3,
    });
    expect(first.items.map((s) => s.date)).toEqual(['2026-07-05', '2026-07-04', '2026-07-02']);
    const second = await caller.training.sessions.list({
      from: '2026-07-01',
      to: '2026-07-31',
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map((s) => s.date)).toEqual(['2026-07-01']);
    expect(second.nextCursor).toBeNull();
  });

  it('keeps one wellness row a day: repeating a check-in changes nothing, null clears a score', async () => {
    const caller = await h.as('member');
    const before = await rows('wellness_days');
    await caller.training.wellness.upsert({ date: '2026-05-02', readiness: 7, sleepHours: 7.5 });
    await caller.training.wellness.upsert({ date: '2026-05-02', readiness: 7, sleepHours: 7.5 });
    const merged = await caller.training.wellness.upsert({
      date: '2026-05-02',
      mood: 6,
      soreness: 9,
      sleepHours: null,
    });
    expect(merged).toMatchObject({
      date: '2026-05-02',
      readiness: 7,
      mood: 6,
      soreness: 9,
      sleepHours: null,
      fatigue: null,
    });
    expect(await rows('wellness_days')).toBe(before + 1);
    expect(
      Object.keys(
        await rejectedFields(caller.training.wellness.upsert({ date: '2026-05-02', stress: 11 })),
      ),
    ).toEqual(['stress']);
    expect(
      Object.keys(
        await rejectedFields(caller.training.wellness.upsert({ date: '2026-13-01', mood: 3 })),
      ),
    ).toEqual(['date']);
    const list = await caller.training.wellness.list({ from: '2026-05-01', to: '2026-05-31' });
    expect(list).toEqual([expect.objectContaining({ date: '2026-05-02', mood: 6, stress: null })]);
    expect(
      await (
        await h.as('member2')
      ).training.wellness.list({ from: '2026-05-01', to: '2026-05-31' }),
    ).toEqual([]);
  });

  it('upserts steps per day: sending a day twice keeps one row with the last count', async () => {
    const caller = await h.as('member');
    const before = await rows('daily_steps');
    await caller.training.steps.upsert({ date: '2026-05-10', steps: 8000 });
    const last = await caller.training.steps.upsert({
      date: '2026-05-10',
      steps: 9500,
      source: 'garmin',
    });
    expect(last).toMatchObject({ date: '2026-05-10', steps: 9500, source: 'garmin' });
    expect(await rows('daily_steps')).toBe(before + 1);
    expect(await caller.training.steps.list({ from: '2026-05-01', to: '2026-05-31' })).toEqual([
      expect.objectContaining({ date: '2026-05-10', steps: 9500 }),
    ]);
    expect(
      await rejectedFields(caller.training.steps.upsert({ date: '2026-05-11', steps: -1 })),
    ).toEqual({ steps: ['steps must not be negative'] });
  });

  it('takes a batch of up to 366 days for sync jobs, all or nothing', async () => {
    const caller = await h.as('member2');
    const before = await rows('daily_steps');
    const days = Array.from({ length: 366 }, (_, i) => {
      const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      return { date, steps: 1000 + i };
    });
    expect(await caller.training.steps.upsertMany({ days })).toEqual({ days: 366 });
    expect(await caller.training.steps.upsertMany({ days: days.slice(0, 10) })).toEqual({
      days: 10,
    });
    expect(await rows('daily_steps')).toBe(before + 366);
    const leapDay = await caller.training.steps.list({ from: '2024-02-29', to: '2024-02-29' });
    expect(leapDay).toEqual([expect.objectContaining({ steps: 1059, source: 'api' })]);

    expect(
      Object.keys(
        await rejectedFields(
          caller.training.steps.upsertMany({
            days: [
              { date: '2025-01-01', steps: 5 },
              { date: '2025-01-01', steps: 6 },
            ],
          }),
        ),
      ),
    ).toEqual(['days.1.date']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.steps.upsertMany({
            days: [
              { date: '2025-01-02', steps: 5 },
              { date: '2025-01-03', steps: 300_000 },
            ],
          }),
        ),
      ),
    ).toEqual(['days.1.steps']);
    const tooMany = [...days, { date: '2025-01-01', steps: 1 }];
    expect(
      Object.keys(await rejectedFields(caller.training.steps.upsertMany({ days: tooMany }))),
    ).toEqual(['days']);
    expect(await rows('daily_steps')).toBe(before + 366);
  });

  it('hands out upload URLs for GPX, TCX, FIT and CSV files and reports their status to the owner', async () => {
    const caller = await h.as('member');
    const upload = await caller.training.importUploadUrl({
      fileName: 'morning-ride.FIT',
      size: 2048,
    });
    expect(upload.key).toBe(`${demoUsers.member.id}/${upload.importId}.fit`);
    expect((await postUpload(upload, Buffer.alloc(2048, 1))).status).toBe(204);
    expect(await caller.training.importStatus({ importId: upload.importId })).toMatchObject({
      kind: 'training_file',
      status: 'awaiting_upload',
      fileName: 'morning-ride.FIT',
    });
    await expect(
      (await h.as('member2')).training.importStatus({ importId: upload.importId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A training import is not visible as a carbon import either.
    await expect(caller.carbon.importStatus({ importId: upload.importId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const before = await h.db.selectFrom('imports').select('id').execute();
    expect(
      Object.keys(
        await rejectedFields(caller.training.importUploadUrl({ fileName: 'ride.exe', size: 10 })),
      ),
    ).toEqual(['fileName']);
    expect(
      Object.keys(
        await rejectedFields(
          caller.training.importUploadUrl({ fileName: 'ride.gpx', size: 26 * 1024 * 1024 }),
        ),
      ),
    ).toEqual(['size']);
    expect(await h.db.selectFrom('imports').select('id').execute()).toHaveLength(before.length);
  });
});
