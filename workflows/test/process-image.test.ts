// Uploaded pictures verified and thumbnailed by the image workflow, on the
// real Temporal dev server with real MinIO and Postgres; pictures made by sharp.
import { randomBytes, randomUUID } from 'node:crypto';
import { createMigratedTestDb } from '@canopy/db/testing';
import { minioTestClient, stackEnv, temporalTestClient } from '@canopy/devstack/testing';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageOwner, ProcessImageResult } from '../src/shared.ts';
import { imageWorkflowId, imageWorkflowType } from '../src/shared.ts';
import { createWorker, workflowsPath } from '../src/worker.ts';
import { listKeys } from './org-report-fixtures.ts';
import { recordHistories } from './replay.ts';

const store = minioTestClient();
const taskQueue = `test-images-${randomUUID()}`;
let testDb: Awaited<ReturnType<typeof createMigratedTestDb>>;
let client: Client;
let worker: Worker;
let workerConnection: NativeConnection;
let running: Promise<void>;
const recorded = new Map<string, WorkflowHandle>();

beforeAll(async () => {
  const env = stackEnv();
  testDb = await createMigratedTestDb();
  const created = await createWorker({
    temporal: { address: env.TEMPORAL_ADDRESS, namespace: env.TEMPORAL_NAMESPACE },
    taskQueue,
    deps: { db: testDb.db, objectStore: store },
  });
  worker = created.worker;
  workerConnection = created.connection;
  running = worker.run();
  client = await temporalTestClient();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await workerConnection?.close();
  await client?.connection.close();
  await testDb?.destroy();
});

/** A 300×200 picture with a gradient-free two-tone pattern, as `format`. */
function picture(format: 'png' | 'jpeg') {
  const image = sharp({
    create: { width: 300, height: 200, channels: 3, background: { r: 20, g: 120, b: 60 } },
  }).composite([
    {
      input: {
        create: { width: 100, height: 100, channels: 3, background: { r: 240, g: 200, b: 10 } },
      },
      left: 150,
      top: 50,
    },
  ]);
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

async function avatarOwner(key: string): Promise<ImageOwner> {
  const userId = `user-${randomBytes(4).toString('hex')}`;
  await testDb.db
    .insertInto('user_profiles')
    .values({ user_id: userId, display_name: userId, avatar_key: key })
    .execute();
  return { kind: 'avatar', userId };
}

async function run(bucket: string, key: string, owner: ImageOwner) {
  const handle = await client.workflow.start(imageWorkflowType, {
    taskQueue,
    workflowId: imageWorkflowId(bucket, key),
    args: [{ bucket, key, owner }],
  });
  return { handle, result: (await handle.result()) as ProcessImageResult };
}

async function objectBytes(bucket: string, key: string) {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.getObject(bucket, key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const avatarRow = (userId: string) =>
  testDb.db
    .selectFrom('user_profiles')
    .select(['avatar_key', 'avatar_thumbnails'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();

describe('image processing', () => {
  it('verifies an avatar PNG and records 64 and 256 px WebP thumbnails next to it', async () => {
    const dir = randomUUID();
    const key = `${dir}/${randomUUID()}.png`;
    await store.putObject('avatars', key, await picture('png'));
    const owner = await avatarOwner(key);

    const { handle, result } = await run('avatars', key, owner);
    recorded.set('avatar', handle);
    const base = key.replace(/\.png$/, '');
    expect(result).toEqual({
      status: 'ready',
      width: 300,
      height: 200,
      thumbnails: { '64': `${base}-64.webp`, '256': `${base}-256.webp` },
      attached: true,
    });
    for (const size of [64, 256]) {
      const meta = await sharp(await objectBytes('avatars', `${base}-${size}.webp`)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', size, size]);
    }
    expect(await avatarRow((owner as { userId: string }).userId)).toEqual({
      avatar_key: key,
      avatar_thumbnails: result.status === 'ready' ? result.thumbnails : null,
    });
    expect(await listKeys(store, 'avatars', `${dir}/`)).toEqual(
      [key, `${base}-256.webp`, `${base}-64.webp`].sort(),
    );
  });

  it('does the same for a product JPEG', async () => {
    const product = await testDb.db
      .insertInto('products')
      .values({
        slug: `mat-${randomBytes(4).toString('hex')}`,
        name: 'Mat',
        price_minor: 100,
        currency: 'gbp',
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const key = `${product.id}/${randomUUID()}.jpg`;
    await store.putObject('products', key, await picture('jpeg'));
    await testDb.db
      .updateTable('products')
      .set({ image_key: key })
      .where('id', '=', product.id)
      .execute();

    const { handle, result } = await run('products', key, {
      kind: 'product',
      productId: product.id,
    });
    recorded.set('product', handle);
    expect(result).toMatchObject({ status: 'ready', attached: true });
    const row = await testDb.db
      .selectFrom('products')
      .select(['image_key', 'image_thumbnails'])
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      image_key: key,
      image_thumbnails: {
        '64': key.replace(/\.jpg$/, '-64.webp'),
        '256': key.replace(/\.jpg$/, '-256.webp'),
      },
    });
  });

  it('rejects and deletes a file that starts like a PNG but does not decode', async () => {
    const dir = randomUUID();
    const key = `${dir}/${randomUUID()}.png`;
    const real = await picture('png');
    // The signature and header are genuine; the picture data is cut off and replaced.
    const corrupt = Buffer.concat([real.subarray(0, 40), randomBytes(400)]);
    await store.putObject('avatars', key, corrupt);
    const owner = await avatarOwner(key);

    const { handle, result } = await run('avatars', key, owner);
    recorded.set('corrupt', handle);
    expect(result.status).toBe('rejected');
    expect(result.status === 'rejected' && result.reason).toMatch(/^not a readable image: /);
    expect(await listKeys(store, 'avatars', `${dir}/`)).toEqual([]);
    expect(await avatarRow((owner as { userId: string }).userId)).toEqual({
      avatar_key: null,
      avatar_thumbnails: null,
    });
  });

  it('leaves a newer picture alone and removes thumbnails nobody will see', async () => {
    const dir = randomUUID();
    const key = `${dir}/${randomUUID()}.png`;
    await store.putObject('avatars', key, await picture('png'));
    // The member already chose another picture when this one is processed.
    const owner = await avatarOwner(`${dir}/newer.png`);

    const { handle, result } = await run('avatars', key, owner);
    recorded.set('replaced', handle);
    expect(result).toMatchObject({ status: 'ready', attached: false });
    expect(await listKeys(store, 'avatars', `${dir}/`)).toEqual([key]);
    expect(await avatarRow((owner as { userId: string }).userId)).toEqual({
      avatar_key: `${dir}/newer.png`,
      avatar_thumbnails: null,
    });
  });

  it('replays every history recorded above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['avatar', 'corrupt', 'product', 'replaced']);
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
    // `RECORD_IMAGE_HISTORIES=1` refreshes what process-image-replay.test.ts replays on every run.
    if (process.env.RECORD_IMAGE_HISTORIES === '1') {
      recordHistories('image-', histories);
    }
  }, 60_000);
});
