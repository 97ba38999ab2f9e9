// orgs.invite hands each invitation to the invitation email workflow once it
// is stored, on the test's own notify queue: for an address with an account
// here or without one alike, once per invitation and day, and an invitation
// still stands when Temporal cannot be reached.
import { findOrganisationBySlug } from '@canopy/db';
import { invitationEmailWorkflowId, invitationEmailWorkflowType } from '@canopy/workflows/shared';
import type { WorkflowHandle } from '@temporalio/client';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import { createCallerFactory } from '../src/trpc/index.ts';
import type { Harness } from './harness.ts';
import { createHarness, services } from './harness.ts';

describe('orgs.invite starts the invitation email', () => {
  let h: Harness;
  let alder: string;
  const started: WorkflowHandle[] = [];

  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
  });
  afterEach(async () => {
    await h.db.deleteFrom('invitations').execute();
  });
  afterAll(async () => {
    // No worker polls this test's queue: nothing would ever finish them.
    await Promise.all(started.map((w) => w.terminate('test over').catch(() => {})));
    await h?.close();
  });

  const emailOf = async (invitation: { id: string; expiresAt: Date }) => {
    const client = await services.temporal();
    const handle = client.workflow.getHandle(
      invitationEmailWorkflowId(invitation.id, invitation.expiresAt),
    );
    started.push(handle);
    const d = await handle.describe();
    return { type: d.type, taskQueue: d.taskQueue, runId: d.runId };
  };

  it('for an address known here and one that is not alike, on the notify queue', async () => {
    const admin = await h.as('orgadmin');
    for (const email of ['member2@canopy.test', 'nobody@elsewhere.test']) {
      const invitation = await admin.orgs.invite({ orgId: alder, email });
      expect(await emailOf(invitation), email).toMatchObject({
        type: invitationEmailWorkflowType,
        taskQueue: services.taskQueues.notify,
      });
    }
  });

  it('once a day: inviting the same address again that day renews it without a second email', async () => {
    const admin = await h.as('orgadmin');
    const first = await admin.orgs.invite({ orgId: alder, email: 'twice@elsewhere.test' });
    const again = await admin.orgs.invite({
      orgId: alder,
      email: 'twice@elsewhere.test',
      role: 'org-admin',
    });
    expect(again.id).toBe(first.id);
    expect(again.role).toBe('org-admin');
    expect(invitationEmailWorkflowId(again.id, again.expiresAt)).toBe(
      invitationEmailWorkflowId(first.id, first.expiresAt),
    );
    const [a, b] = [await emailOf(first), await emailOf(again)];
    expect(b.runId).toBe(a.runId);
  });

  it('still invites, with the same answer, and logs why when Temporal cannot be reached', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const ctx = await h.contextFor('orgadmin');
    const offline = createCallerFactory(appRouter)({
      ...ctx,
      log,
      services: {
        ...ctx.services,
        temporal: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      },
    });
    const invitation = await offline.orgs.invite({ orgId: alder, email: 'offline@elsewhere.test' });
    expect(invitation).toMatchObject({ email: 'offline@elsewhere.test', status: 'pending' });
    const listed = await (await h.as('orgadmin')).orgs.invitations.list({ orgId: alder });
    expect(listed.map((i) => i.id)).toContain(invitation.id);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        msg: 'invitation email not started; inviting the address again sends it',
        invitationId: invitation.id,
      }),
    ]);
  });
});
