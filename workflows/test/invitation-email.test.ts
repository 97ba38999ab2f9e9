// Invitation emails on the real Temporal dev server, Postgres and the stack's
// SMTP catcher: what the invitee receives, and that an invitation answered
// or withdrawn first gets no email.
import { randomBytes, randomUUID } from 'node:crypto';
import { createOrganisation, upsertInvitation } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import { stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvitationEmailResult } from '../src/shared.ts';
import { invitationEmailWorkflowId, invitationEmailWorkflowType } from '../src/shared.ts';
import type { ActivityDeps } from '../src/activities/index.ts';
import { renderInvitationEmail } from '../src/activities/render-invitation-email.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { recordHistories } from './replay.ts';

const webPublicUrl = 'https://canopy.example.test/app';
const orgName = `<script>alert("x")</script> Rook & Sons' "Works" ${randomBytes(3).toString('hex')}`;
const inviterName = 'Ida <b>Inviter</b>';

let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let mailer: Transporter;
let orgId: string;
const workers: { worker: Worker; running: Promise<void>; connection: NativeConnection }[] = [];
const taskQueue = `test-invitations-${randomUUID()}`;
const recorded = new Map<string, WorkflowHandle>();

async function startWorker(queue: string, deps: ActivityDeps) {
  const env = stackEnv();
  const { worker, connection } = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue: queue,
    deps,
  });
  workers.push({ worker, running: worker.run(), connection });
}

beforeAll(async () => {
  testDb = await createMigratedTestDb();
  mailer = nodemailer.createTransport(stackEnv().SMTP_URL);
  const mailFrom = 'Canopy <no-reply@canopy.test>';
  await startWorker(taskQueue, { db: testDb.db, mailer, mailFrom, webPublicUrl });
  client = await temporalTestClient();
  orgId = (await createOrganisation(testDb.db, { slug: 'rook', name: orgName })).id;
  await testDb.db
    .insertInto('user_profiles')
    .values({ user_id: 'inviter-1', display_name: inviterName, email: 'ida@rook.test' })
    .execute();
});

afterAll(async () => {
  for (const w of workers) w.worker.shutdown();
  for (const w of workers) {
    await w.running;
    await w.connection.close();
  }
  await client?.connection.close();
  mailer?.close();
  await testDb?.destroy();
});

interface CaughtMail {
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
}

/** What the SMTP catcher holds for one address (the send completed before the workflow did). */
async function mailsTo(address: string): Promise<CaughtMail[]> {
  const res = await fetch(`${stackEnv().MAIL_WEB_URL}/email`);
  expect(res.ok).toBe(true);
  const all = (await res.json()) as CaughtMail[];
  return all.filter((m) => m.to.some((t) => t.address === address));
}

/** An invitation of a fresh address, so mails of other runs never match. */
async function invite() {
  const email = `invitee-${randomBytes(6).toString('hex')}@example.test`;
  const invitation = await upsertInvitation(testDb.db, {
    orgId,
    email,
    role: 'member',
    invitedBy: 'inviter-1',
  });
  return { email, id: invitation.id, expiresAt: invitation.expires_at };
}

async function run(invitation: { id: string; expiresAt: Date }, queue = taskQueue) {
  const handle = await client.workflow.start(invitationEmailWorkflowType, {
    taskQueue: queue,
    workflowId: `${invitationEmailWorkflowId(invitation.id, invitation.expiresAt)}-${randomUUID()}`,
    args: [{ invitationId: invitation.id }],
  });
  return { handle, result: (await handle.result()) as InvitationEmailResult };
}

describe('invitation email workflow', () => {
  it('emails the invitee who invited them to which organisation, escaped, with links to the dashboard only', async () => {
    const invitation = await invite();
    const { handle, result } = await run(invitation);
    recorded.set('sent', handle);
    expect(result).toEqual({ status: 'sent' });

    const mails = await mailsTo(invitation.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to.map((t) => t.address)).toEqual([invitation.email]);
    expect(mail.from[0]?.address).toBe('no-reply@canopy.test');
    expect(mail.subject).toBe(`${inviterName} invited you to join ${orgName} on Canopy`);

    const accept = `${webPublicUrl}/invitations?accept=${invitation.id}`;
    const decline = `${webPublicUrl}/invitations?decline=${invitation.id}`;
    expect(mail.text).toContain(`${inviterName} invited you to join ${orgName} on Canopy.`);
    expect(mail.text).toContain(`Accept:  ${accept}`);
    expect(mail.text).toContain(`Decline: ${decline}`);

    // The names people typed are text in the HTML part, never markup.
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Inviter</b>');
    expect(mail.html).toContain(
      `<strong>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Rook &amp; Sons&#39; &quot;Works&quot; ${orgName.slice(-6)}</strong>`,
    );
    expect(mail.html).toContain('Ida &lt;b&gt;Inviter&lt;/b&gt; invited you');
    // Its only links are the two dashboard pages.
    const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual([accept, decline]);
  });

  it('sends nothing for an invitation declined, accepted or withdrawn before the email went out', async () => {
    const declined = await invite();
    await testDb.db
      .updateTable('invitations')
      .set({ declined_at: new Date() })
      .where('id', '=', declined.id)
      .execute();
    const { handle, result } = await run(declined);
    recorded.set('skipped', handle);
    expect(result).toEqual({ status: 'skipped' });

    const accepted = await invite();
    await testDb.db
      .updateTable('invitations')
      .set({ accepted_at: new Date(), accepted_by: 'someone' })
      .where('id', '=', accepted.id)
      .execute();
    expect((await run(accepted)).result).toEqual({ status: 'skipped' });

    const withdrawn = await invite();
    await testDb.db.deleteFrom('invitations').where('id', '=', withdrawn.id).execute();
    expect((await run(withdrawn)).result).toEqual({ status: 'skipped' });

    for (const { email } of [declined, accepted, withdrawn]) {
      expect(await mailsTo(email)).toEqual([]);
    }
  });

  it('fails at once, naming what is missing, on a worker not told the dashboard address', async () => {
    const queue = `test-invitations-nourl-${randomUUID()}`;
    await startWorker(queue, {
      db: testDb.db,
      mailer,
      mailFrom: 'Canopy <no-reply@canopy.test>',
    });
    const invitation = await invite();
    const failed = await run(invitation, queue).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(WorkflowFailedError);
    // One attempt, not retried for a day: the worker's configuration will not mend itself.
    expect((failed as WorkflowFailedError).cause?.cause).toMatchObject({
      message: 'the worker was started without webPublicUrl',
      type: 'WorkerMisconfigured',
      nonRetryable: true,
    });
    expect(await mailsTo(invitation.email)).toEqual([]);
  });

  it('puts each name on one line with no bidirectional controls, so it cannot reorder or add to the text', () => {
    const { subject, text, html } = renderInvitationEmail(
      {
        id: randomUUID(),
        email: 'invitee@example.test',
        orgName: 'Rook\u202e skroW\u202c\r\nBcc: x@evil.test',
        invitedByName: 'Ida\u2066 \u2028Inviter\u2069\u200f',
        expiresAt: new Date('2027-03-15T00:00:00Z'),
      },
      webPublicUrl,
    );
    expect(subject).toBe('Ida Inviter invited you to join Rook skroW Bcc: x@evil.test on Canopy');
    for (const part of [subject, text, html]) {
      expect(part).not.toMatch(/\p{Bidi_Control}/u);
    }
    expect(text).toContain(
      'Ida Inviter invited you to join Rook skroW Bcc: x@evil.test on Canopy.',
    );
  });

  it('names one workflow per invitation and day it was issued, so renewing it later the same day sends no second email', () => {
    const id = randomUUID();
    const morning = new Date('2027-03-01T08:00:00Z');
    const evening = new Date('2027-03-01T21:00:00Z');
    const nextDay = new Date('2027-03-02T08:00:00Z');
    expect(invitationEmailWorkflowId(id, morning)).toBe(`invitation-email-${id}-2027-03-01`);
    expect(invitationEmailWorkflowId(id, evening)).toBe(invitationEmailWorkflowId(id, morning));
    expect(invitationEmailWorkflowId(id, nextDay)).not.toBe(invitationEmailWorkflowId(id, morning));
  });

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['sent', 'skipped']);
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
    // `RECORD_INVITATION_HISTORIES=1` refreshes what invitation-email-replay.test.ts replays.
    if (process.env.RECORD_INVITATION_HISTORIES === '1') {
      recordHistories('invitation-email-', histories);
    }
  }, 60_000);
});
