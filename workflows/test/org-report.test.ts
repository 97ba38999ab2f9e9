// The monthly organisation report on the real Temporal dev server, with a
// real worker, Postgres, MinIO and the SMTP catcher.
import { randomUUID } from 'node:crypto';
import { createMigratedTestDb } from '@canopy/db/testing';
import { minioTestClient, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrgReportSchedule } from '../src/org-report-schedules.ts';
import type { OrgReportResult } from '../src/shared.ts';
import {
  orgReportReadyKind,
  orgReportScheduleId,
  orgReportWorkflowId,
  orgReportWorkflowType,
} from '../src/shared.ts';
import { previousMonth } from '../src/workflows/org-monthly-report.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { waitForMail } from './checkout-fixtures.ts';
import type { TestOrg } from './org-report-fixtures.ts';
import { insertEmission, insertOrg, listKeys, readObject } from './org-report-fixtures.ts';
import { recordHistories } from './replay.ts';

const bucket = 'reports';
const taskQueue = `test-reports-${randomUUID()}`;
const store = minioTestClient();
let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
let mailer: Transporter;
const recorded = new Map<string, WorkflowHandle>();
const schedules: string[] = [];

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(env.SMTP_URL);
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: {
      db: testDb.db,
      objectStore: store,
      reportsBucket: bucket,
      mailer,
      mailFrom: 'Canopy <reports@canopy.test>',
    },
  });
  worker = created.worker;
  workerConnection = created.connection;
  running = worker.run();
  client = await temporalTestClient();
});

afterAll(async () => {
  for (const id of schedules) await client.schedule.getHandle(id).delete();
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

async function runMonth(org: TestOrg, month: string) {
  const handle = await client.workflow.start(orgReportWorkflowType, {
    taskQueue,
    workflowId: orgReportWorkflowId(org.orgId, month),
    args: [{ orgId: org.orgId, month }],
  });
  return { handle, result: (await handle.result()) as OrgReportResult };
}

const reportRows = (orgId: string) =>
  testDb.db
    .selectFrom('org_reports')
    .select(['id', 'month', 'csv_key', 'html_key', 'members', 'total_kg', 'withheld'])
    .where('org_id', '=', orgId)
    .orderBy('month')
    .execute();
const notices = (userId: string) =>
  testDb.db
    .selectFrom('notifications')
    .select(['kind', 'title', 'data'])
    .where('user_id', '=', userId)
    .execute();

describe('monthly organisation report', () => {
  it('pools the month into a CSV and an HTML page, records it and tells the admin, once', async () => {
    const { db } = testDb;
    const org = await insertOrg(db, 3);
    for (const [member, car, power] of [
      [0, 10.5, 3],
      [1, 20.25, 4],
      [2, 5, 5.125],
    ] as const) {
      await insertEmission(db, org, { member, day: '2026-03-02', category: 'car', kg: car });
      await insertEmission(db, org, {
        member,
        day: '2026-03-31',
        category: 'electricity',
        kg: power,
      });
    }
    // Outside the month: must not count.
    await insertEmission(db, org, { member: 0, day: '2026-04-01', category: 'car', kg: 100 });
    await insertEmission(db, org, { member: 0, day: '2026-02-28', category: 'car', kg: 100 });

    const { handle, result } = await runMonth(org, '2026-03');
    recorded.set('month', handle);
    expect(result).toMatchObject({
      orgId: org.orgId,
      month: '2026-03',
      csvKey: `${org.orgId}/2026-03.csv`,
      htmlKey: `${org.orgId}/2026-03.html`,
      members: 3,
      withheld: false,
      notified: 1,
    });
    expect(result.totalKg).toBeCloseTo(47.875, 9);

    expect(await readObject(store, bucket, result.csvKey)).toBe(
      [
        'month,category,kg_co2e,members,note',
        '2026-03,car,35.750,,',
        '2026-03,electricity,12.125,,',
        '2026-03,total,47.875,3,',
        '',
      ].join('\n'),
    );
    const html = await readObject(store, bucket, result.htmlKey);
    expect(html).toContain(`<h1>${org.name}: emissions for 2026-03</h1>`);
    expect(html).toContain('<th scope="row">electricity</th><td>12.125</td>');
    expect(html).toContain('<th scope="row">Total</th><td>47.875</td>');
    expect(await reportRows(org.orgId)).toEqual([
      {
        id: result.reportId,
        month: '2026-03-01',
        csv_key: result.csvKey,
        html_key: result.htmlKey,
        members: 3,
        total_kg: 47.875,
        withheld: false,
      },
    ]);
    expect(await notices(org.adminId)).toEqual([
      {
        kind: orgReportReadyKind,
        title: `${org.name}: emissions report for 2026-03`,
        data: { orgId: org.orgId, reportId: result.reportId, month: '2026-03' },
      },
    ]);
    const mails = await waitForMail(org.adminEmail);
    expect(mails.map((m) => m.subject)).toEqual([`${org.name}: emissions report for 2026-03`]);
    for (const member of org.members) expect(await notices(member)).toEqual([]);

    // A late emission, then the month rendered again: same keys, same row, no second notice,
    // and the same figures: the month was fixed when first published, so a re-run can never
    // show one member's late log as the difference between two reports.
    await insertEmission(db, org, { member: 1, day: '2026-03-15', category: 'car', kg: 1 });
    const again = await runMonth(org, '2026-03');
    recorded.set('rerun', again.handle);
    expect(again.result).toMatchObject({ reportId: result.reportId, notified: 0 });
    expect(again.result.totalKg).toBeCloseTo(47.875, 9);
    expect(await readObject(store, bucket, result.csvKey)).toContain('2026-03,total,47.875,3,');
    expect(await listKeys(store, bucket, `${org.orgId}/`)).toEqual([result.csvKey, result.htmlKey]);
    expect(await reportRows(org.orgId)).toHaveLength(1);
    expect(await notices(org.adminId)).toHaveLength(1);
  });

  it('never shows a figure resting on fewer than three members', async () => {
    const { db } = testDb;
    const org = await insertOrg(db, 4);
    // April: four members in all, but only one flies. The flight is withheld, and so is the
    // car figure: otherwise the total minus the car figure would single the flyer out.
    for (const member of [0, 1, 2]) {
      await insertEmission(db, org, { member, day: '2026-04-10', category: 'car', kg: 2 });
    }
    await insertEmission(db, org, { member: 3, day: '2026-04-11', category: 'flight', kg: 250 });
    // May: two members only: not even a total.
    for (const member of [0, 1]) {
      await insertEmission(db, org, { member, day: '2026-05-10', category: 'car', kg: 7 });
    }

    const april = await runMonth(org, '2026-04');
    recorded.set('withheld', april.handle);
    expect(april.result).toMatchObject({ members: 4, totalKg: 256, withheld: true });
    expect(await readObject(store, bucket, april.result.csvKey)).toBe(
      'month,category,kg_co2e,members,note\n' +
        '2026-04,car,,,"withheld (withheld with a smaller category, which the total would otherwise reveal)"\n' +
        '2026-04,flight,,,withheld (fewer than 3 members)\n' +
        '2026-04,total,256.000,4,\n',
    );
    const aprilHtml = await readObject(store, bucket, april.result.htmlKey);
    expect(aprilHtml).not.toContain('250');
    expect(aprilHtml).toContain(
      '<th scope="row">flight</th><td>withheld (fewer than 3 members)</td>',
    );

    const may = await runMonth(org, '2026-05');
    expect(may.result).toMatchObject({ members: 2, totalKg: null, withheld: true });
    const mayCsv = await readObject(store, bucket, may.result.csvKey);
    expect(mayCsv).toBe(
      'month,category,kg_co2e,members,note\n' +
        '2026-05,car,,,withheld (fewer than 3 members)\n' +
        '2026-05,total,,,withheld (fewer than 3 members)\n',
    );
    expect(await readObject(store, bucket, may.result.htmlKey)).not.toContain('14.000');
  });

  it('rejects a month that is not YYYY-MM, storing nothing', async () => {
    const org = await insertOrg(testDb.db, 1);
    const handle = await client.workflow.start(orgReportWorkflowType, {
      taskQueue,
      workflowId: orgReportWorkflowId(org.orgId, '2026-13'),
      args: [{ orgId: org.orgId, month: '2026-13' }],
    });
    await expect(handle.result()).rejects.toThrow(/workflow execution failed/i);
    const described = await handle.describe();
    expect(described.status.name).toBe('FAILED');
    expect(await reportRows(org.orgId)).toEqual([]);
    expect(await listKeys(store, bucket, `${org.orgId}/`)).toEqual([]);
  });

  it('keeps one schedule per organisation, monthly at 02:00 UTC on the 1st, skipping overlaps; triggered, it reports last month', async () => {
    const org = await insertOrg(testDb.db, 3);
    const id = orgReportScheduleId(org.orgId);
    schedules.push(id);
    expect(await ensureOrgReportSchedule(client, org.orgId, taskQueue)).toBe('created');
    expect(await ensureOrgReportSchedule(client, org.orgId, taskQueue)).toBe('updated');

    const schedule = client.schedule.getHandle(id);
    const described = await schedule.describe();
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.spec.timezone).toBe('UTC');
    expect(described.spec.calendars).toEqual([
      expect.objectContaining({
        dayOfMonth: [{ start: 1, end: 1, step: 1 }],
        hour: [{ start: 2, end: 2, step: 1 }],
        minute: [{ start: 0, end: 0, step: 1 }],
      }),
    ]);
    const next = described.info.nextActionTimes[0]!;
    expect(next.getUTCDate()).toBe(1);
    expect(next.getUTCHours()).toBe(2);
    expect(described.action).toMatchObject({
      workflowType: orgReportWorkflowType,
      taskQueue,
      args: [{ orgId: org.orgId }],
    });

    const month = previousMonth(new Date());
    await insertEmission(testDb.db, org, {
      member: 0,
      day: `${month}-01`,
      category: 'car',
      kg: 4,
    });
    await schedule.trigger();
    let workflowId: string | undefined;
    for (let i = 0; i < 100 && !workflowId; i++) {
      const info = (await schedule.describe()).info;
      workflowId = [...info.runningActions, ...info.recentActions.map((a) => a.action)][0]?.workflow
        .workflowId;
      if (!workflowId) await new Promise((r) => setTimeout(r, 200));
    }
    expect(workflowId).toMatch(new RegExp(`^${id}-`));
    const handle = client.workflow.getHandle(workflowId!);
    recorded.set('scheduled', handle);
    const result = (await handle.result()) as OrgReportResult;
    expect(result).toMatchObject({ month, members: 1, totalKg: null, withheld: true, notified: 1 });
    expect((await reportRows(org.orgId)).map((r) => r.month)).toEqual([`${month}-01`]);
    expect(await listKeys(store, bucket, `${org.orgId}/`)).toEqual([
      `${org.orgId}/${month}.csv`,
      `${org.orgId}/${month}.html`,
    ]);
  }, 60_000);

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['month', 'rerun', 'scheduled', 'withheld']);
    const histories = await Promise.all(
      [...recorded].map(async ([name, handle]) => ({
        name,
        workflowId: handle.workflowId,
        history: await handle.fetchHistory(),
      })),
    );
    for await (const result of Worker.runReplayHistories({ workflowsPath }, histories)) {
      expect(result.error).toBeUndefined();
    }
    // `RECORD_REPORT_HISTORIES=1` refreshes what org-report-replay.test.ts replays on every run.
    if (process.env.RECORD_REPORT_HISTORIES === '1') {
      recordHistories('org-report-', histories);
    }
  }, 60_000);
});
