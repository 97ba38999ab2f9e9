// Monthly organisation reports through the API, with the report workflow
// really running on this test process's own notify queue.
import { findOrganisationBySlug } from '@canopy/db';
import { minioTestClient } from '@canopy/devstack/testing';
import type { OrgReportResult } from '@canopy/workflows/shared';
import {
  orgReportScheduleId,
  orgReportWorkflowId,
  orgReportWorkflowType,
} from '@canopy/workflows/shared';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, env, services } from './harness.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

describe('monthly organisation reports', () => {
  let h: Harness;
  let worker: Worker;
  let running: Promise<void>;
  let alder: string;
  let birch: string;
  let orgadmin: Caller;
  const notifyQueue = services.taskQueues.notify!;

  async function render(orgId: string, month: string): Promise<OrgReportResult> {
    const client = await services.temporal();
    const handle = await client.workflow.start(orgReportWorkflowType, {
      taskQueue: notifyQueue,
      workflowId: `${orgReportWorkflowId(orgId, month)}-${notifyQueue}`,
      args: [{ orgId, month }],
    });
    return (await handle.result()) as OrgReportResult;
  }

  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    birch = (await findOrganisationBySlug(h.db, 'birch'))!.id;
    worker = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: notifyQueue,
      deps: { db: h.db, objectStore: minioTestClient(), reportsBucket: 'reports' },
    });
    running = worker.worker.run();
    orgadmin = await h.as('orgadmin');
    // This worker sends no email; the in-app notification is what is checked.
    await orgadmin.notifications.preferences.update({ email: false });
  }, 120_000);

  afterAll(async () => {
    worker?.worker.shutdown();
    await running;
    await worker?.connection.close();
    await h?.close();
  });

  it('lists the rendered months and hands out a short-lived link to each file', async () => {
    expect(await orgadmin.reports.monthly.list({ orgId: alder })).toEqual([]);
    const march = await render(alder, '2026-03');
    const april = await render(alder, '2026-04');

    const list = await orgadmin.reports.monthly.list({ orgId: alder });
    expect(list.map((r) => [r.id, r.month])).toEqual([
      [april.reportId, '2026-04'],
      [march.reportId, '2026-03'],
    ]);
    expect(list[1]).toMatchObject({
      // How many members is shown only beside a published total.
      members: march.totalKg === null ? null : march.members,
      totalKg: march.totalKg,
      withheld: march.withheld,
      minGroupSize: 3,
    });

    const csv = await orgadmin.reports.monthly.download({
      orgId: alder,
      reportId: march.reportId,
      format: 'csv',
    });
    expect(csv.filename).toBe('emissions-2026-03.csv');
    expect(csv.expiresAt.getTime()).toBeGreaterThan(Date.now());
    const res = await fetch(csv.url);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^month,category,kg_co2e,members,note\n(2026-03,.*\n)+$/);
    const html = await orgadmin.reports.monthly.download({
      orgId: alder,
      reportId: march.reportId,
      format: 'html',
    });
    expect(await (await fetch(html.url)).text()).toContain(
      '<h1>Alder &#38; Co: emissions for 2026-03</h1>',
    );

    const notices = (await orgadmin.notifications.list({})).items.filter(
      (n) => n.kind === 'org.report.ready',
    );
    expect(notices.map((n) => n.title).sort()).toEqual([
      'Alder & Co: emissions report for 2026-03',
      'Alder & Co: emissions report for 2026-04',
    ]);
  });

  it('keeps each organisation’s reports to its own admins', async () => {
    const theirs = await render(birch, '2026-03');
    // Alder's admin naming their own organisation but Birch's report: not found.
    await expect(
      orgadmin.reports.monthly.download({ orgId: alder, reportId: theirs.reportId, format: 'csv' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'reportId: no such report' });
    await expect(orgadmin.reports.monthly.list({ orgId: birch })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const user of ['member', 'member2'] as const) {
      await expect((await h.as(user)).reports.monthly.list({ orgId: alder })).rejects.toMatchObject(
        { code: 'FORBIDDEN' },
      );
    }
    await expect(
      orgadmin.reports.monthly.download({ orgId: alder, reportId: 'x', format: 'csv' }),
    ).rejects.toThrow(/reportId/);
    await expect(
      orgadmin.reports.monthly.download({
        orgId: alder,
        reportId: theirs.reportId,
        format: 'pdf' as never,
      }),
    ).rejects.toThrow(/format/);
  });

  it('gives a new organisation its monthly report schedule', async () => {
    const platform = await h.as('platformadmin');
    const org = await platform.orgs.create({ slug: `rowan-${Date.now()}`, name: 'Rowan' });
    const schedule = (await services.temporal()).schedule.getHandle(orgReportScheduleId(org.id));
    try {
      const described = await schedule.describe();
      expect(described.action).toMatchObject({
        workflowType: orgReportWorkflowType,
        taskQueue: notifyQueue,
        args: [{ orgId: org.id }],
      });
      expect(described.info.nextActionTimes[0]!.getUTCDate()).toBe(1);
    } finally {
      await schedule.delete();
    }
  });
});
