// Confirmed avatar and product uploads go through the image workflow, really
// running on this test process's own notify queue: real pictures get WebP
// thumbnails the API hands out; a stored picture that does not decode (one
// from before uploads were re-encoded) is taken off its owner and removed.
import { demoUsers } from '@canopy/db';
import { minioTestClient } from '@canopy/devstack/testing';
import type { ProcessImageResult } from '@canopy/workflows/shared';
import { imageWorkflowId, imageWorkflowType } from '@canopy/workflows/shared';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, env, services } from './harness.ts';
import type { UploadForm } from './upload-forms.ts';
import { fakePng, postUpload, realPng } from './upload-forms.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

async function post(form: UploadForm, body: Buffer) {
  expect((await postUpload(form, body)).status).toBe(204);
}

async function processed(bucket: string, key: string): Promise<ProcessImageResult> {
  return (await services.temporal()).workflow.getHandle(imageWorkflowId(bucket, key)).result();
}

async function expectWebp(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
}

describe('uploaded images get thumbnails from the image workflow', () => {
  let h: Harness;
  let worker: Worker;
  let running: Promise<void>;
  let member: Caller;

  beforeAll(async () => {
    h = await createHarness();
    worker = await createWorker({
      temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
      taskQueue: services.taskQueues.notify!,
      deps: { db: h.db, objectStore: minioTestClient() },
    });
    running = worker.worker.run();
    member = await h.as('member');
  }, 120_000);

  afterAll(async () => {
    worker?.worker.shutdown();
    await running;
    await worker?.connection.close();
    await h?.close();
  });

  it('gives a real avatar 64 and 256 px WebP thumbnails', async () => {
    const png = realPng();
    const form = await member.me.avatar.uploadUrl({
      contentType: 'image/png',
      size: png.length,
    });
    await post(form, png);
    const confirmed = await member.me.avatar.confirm({ uploadId: form.uploadId });
    const key = `${demoUsers.member.id}/${form.uploadId}.png`;
    expect(confirmed.avatarUrl).toContain(key);
    expect(await processed('avatars', key)).toMatchObject({
      status: 'ready',
      width: 40,
      height: 30,
    });
    const me = await member.me.get();
    expect(me.avatarThumbnails.map((t) => t.size)).toEqual([64, 256]);
    for (const t of me.avatarThumbnails) await expectWebp(t.url);
  });

  it('removes a stored avatar that only starts like a PNG', async () => {
    const key = `${demoUsers.member.id}/legacy-fake.png`;
    await minioTestClient().putObject('avatars', key, fakePng);
    await h.db
      .updateTable('user_profiles')
      .set({ avatar_key: key, avatar_thumbnails: null })
      .where('user_id', '=', demoUsers.member.id)
      .execute();
    // As the API started it before uploads were re-encoded at confirm.
    await (
      await services.temporal()
    ).workflow.start(imageWorkflowType, {
      workflowId: imageWorkflowId('avatars', key),
      taskQueue: services.taskQueues.notify!,
      args: [{ bucket: 'avatars', key, owner: { kind: 'avatar', userId: demoUsers.member.id } }],
    });
    expect(await processed('avatars', key)).toMatchObject({ status: 'rejected' });
    expect(await member.me.get()).toMatchObject({ avatarUrl: null, avatarThumbnails: [] });
    await expect(minioTestClient().statObject('avatars', key)).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('gives a product photo thumbnails, shown to every shopper', async () => {
    const admin = await h.as('shopadmin');
    const p = await admin.shop.products.create({
      slug: 'thumbnailed',
      name: 'Thumbnailed',
      priceMinor: 500,
      currency: 'gbp',
      stock: 2,
    });
    const png = realPng();
    const form = await admin.shop.products.imageUploadUrl({
      productId: p.id,
      contentType: 'image/png',
      size: png.length,
    });
    await post(form, png);
    const confirmed = await admin.shop.products.confirmImage({
      productId: p.id,
      uploadId: form.uploadId,
    });
    expect(confirmed.thumbnails).toEqual([]);
    const key = `${p.id}/${form.uploadId}.png`;
    expect(await processed('products', key)).toMatchObject({ status: 'ready' });
    const shown = await (await h.as(null)).shop.products.get({ id: p.id });
    expect(shown.thumbnails.map((t) => t.size)).toEqual([64, 256]);
    for (const t of shown.thumbnails) await expectWebp(t.url);
  });
});
