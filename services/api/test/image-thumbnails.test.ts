// Confirmed avatar and product uploads go through the image workflow, really
// running on this test process's own notify queue: real pictures get WebP
// thumbnails the API hands out, a file that only looks like a PNG is removed.
import { crc32, deflateSync } from 'node:zlib';
import { minioTestClient } from '@canopy/devstack/testing';
import type { ProcessImageResult } from '@canopy/workflows/shared';
import { imageWorkflowId } from '@canopy/workflows/shared';
import { createWorker } from '@canopy/workflows/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness, env, services } from './harness.ts';

type Worker = Awaited<ReturnType<typeof createWorker>>;

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 40×30 RGB PNG (RFC 2083: signature, IHDR, zlib-compressed IDAT, IEND). */
function realPng() {
  const width = 40;
  const height = 30;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit truecolour, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++) rows.set([x * 6, y * 8, 90], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Right magic bytes, no picture behind them. */
const fakePng = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

async function put(url: string, body: Buffer) {
  const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
  expect(res.status).toBe(200);
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
    const { key, url } = await member.me.avatar.uploadUrl({
      contentType: 'image/png',
      size: png.length,
    });
    await put(url, png);
    const confirmed = await member.me.avatar.confirm({ key });
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

  it('removes an avatar that only starts like a PNG', async () => {
    const { key, url } = await member.me.avatar.uploadUrl({
      contentType: 'image/png',
      size: fakePng.length,
    });
    await put(url, fakePng);
    // The magic bytes pass the API's quick check; decoding in full does not.
    expect((await member.me.avatar.confirm({ key })).avatarUrl).toContain(key);
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
    const { key, url } = await admin.shop.products.imageUploadUrl({
      productId: p.id,
      contentType: 'image/png',
      size: png.length,
    });
    await put(url, png);
    expect((await admin.shop.products.confirmImage({ productId: p.id, key })).thumbnails).toEqual(
      [],
    );
    expect(await processed('products', key)).toMatchObject({ status: 'ready' });
    const shown = await (await h.as(null)).shop.products.get({ id: p.id });
    expect(shown.thumbnails.map((t) => t.size)).toEqual([64, 256]);
    for (const t of shown.thumbnails) await expectWebp(t.url);
  });
});
