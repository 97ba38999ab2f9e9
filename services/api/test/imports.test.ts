import { demoUsers } from '@canopy/db';
import { ingestWorkflowId } from '@canopy/workflows/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './harness.ts';
import { createHarness, objectStore, services } from './harness.ts';
import { postUpload } from './upload-forms.ts';

const started: string[] = [];

describe('imports: starting the workflow once the file is uploaded', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    // No ingest worker reads this test's database: end the workflows it started.
    const client = await services.temporal();
    for (const id of started) {
      await client.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined);
    }
    await h?.close();
  });

  const statusOf = (importId: string) =>
    h.db
      .selectFrom('imports')
      .select('status')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();

  it('starts ingest-<importId> on the ingest queue for the owner, once, and reports progress without hanging', async () => {
    const caller = await h.as('member');
    const csv = 'date,type,quantity,unit\n2026-01-05,electricity,120,kwh\n';
    const upload = await caller.carbon.importUploadUrl({ fileName: 'bills.csv', size: csv.length });
    expect((await postUpload(upload, csv)).status).toBe(204);

    const t0 = Date.now();
    const view = await caller.carbon.importStart({ importId: upload.importId });
    started.push(ingestWorkflowId(upload.importId));
    // Starting needs the Temporal server, not a worker.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(view).toMatchObject({ id: upload.importId, status: 'uploaded', progress: null });

    const client = await services.temporal();
    const described = await client.workflow.getHandle(ingestWorkflowId(upload.importId)).describe();
    expect(described.type).toBe('carbonCsvImport');
    expect(described.taskQueue).toBe(services.taskQueues.ingest);

    // Again: no second workflow, no error.
    const again = await caller.carbon.importStart({ importId: upload.importId });
    expect(again.status).toBe('uploaded');
    const after = await client.workflow.getHandle(ingestWorkflowId(upload.importId)).describe();
    expect(after.runId).toBe(described.runId);

    // The file was taken out of staging: posting to the form again changes nothing read.
    const key = `${demoUsers.member.id}/${upload.importId}.csv`;
    expect(await objectStore.stat('imports', `staging/${key}`)).toBeNull();
    expect((await postUpload(upload, 'date,type\n9999-01-01,flight\n')).status).toBe(204);
    await caller.carbon.importStart({ importId: upload.importId });
    expect((await objectStore.getObject('imports', key)).toString()).toBe(csv);
    await objectStore.remove('imports', `staging/${key}`);

    // Nothing answers the progress query here: the row answers, within the 2-second deadline.
    const t1 = Date.now();
    const status = await caller.carbon.importStatus({ importId: upload.importId });
    expect(Date.now() - t1).toBeLessThan(8_000);
    expect(status).toMatchObject({ status: 'uploaded', totalRows: 0 });
  });

  it('refuses to start before the file is there, naming importId, and leaves the import waiting', async () => {
    const caller = await h.as('member');
    const upload = await caller.training.importUploadUrl({ fileName: 'ride.gpx', size: 500 });
    await expect(caller.training.importStart({ importId: upload.importId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^importId: the file has not been uploaded/),
    });
    expect(await statusOf(upload.importId)).toEqual({ status: 'awaiting_upload' });
    const client = await services.temporal();
    await expect(
      client.workflow.getHandle(ingestWorkflowId(upload.importId)).describe(),
    ).rejects.toThrow(/not found/i);
  });

  it('has the store refuse a file larger than declared, leaving nothing in the bucket', async () => {
    const caller = await h.as('member');
    const upload = await caller.carbon.importUploadUrl({ fileName: 'big.csv', size: 100 });
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 4096, 0x61);
    const refused = await postUpload(upload, tooBig);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('EntityTooLarge');
    const key = `${demoUsers.member.id}/${upload.importId}.csv`;
    expect(await objectStore.stat('imports', `staging/${key}`)).toBeNull();
    expect(await objectStore.stat('imports', key)).toBeNull();
    await expect(caller.carbon.importStart({ importId: upload.importId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^importId: the file has not been uploaded/),
    });
    expect(await statusOf(upload.importId)).toEqual({ status: 'awaiting_upload' });
  });

  it('has the store refuse a file posted as another content type', async () => {
    const caller = await h.as('member');
    const upload = await caller.carbon.importUploadUrl({ fileName: 'page.csv', size: 100 });
    const refused = await postUpload(upload, '<script>alert(1)</script>', {
      contentType: 'text/html',
    });
    expect(refused.status).toBe(403);
    const key = `${demoUsers.member.id}/${upload.importId}.csv`;
    expect(await objectStore.stat('imports', `staging/${key}`)).toBeNull();
  });

  it('hides another member’s import, and a carbon import from the training procedures', async () => {
    const caller = await h.as('member');
    const upload = await caller.carbon.importUploadUrl({ fileName: 'mine.csv', size: 30 });
    await postUpload(upload, 'date,type\n');
    const other = await h.as('member2');
    await expect(other.carbon.importStart({ importId: upload.importId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(caller.training.importStart({ importId: upload.importId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(other.carbon.importStart({ importId: 'not-a-uuid' })).rejects.toThrow(
      /importId must be an import id/,
    );
    const row = await h.db
      .selectFrom('imports')
      .select(['status', 'user_id'])
      .where('id', '=', upload.importId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'awaiting_upload', user_id: demoUsers.member.id });
  });
});
