import { randomBytes } from 'node:crypto';
import { stackEnv } from '@canopy/devstack/testing';
import { describe, expect, it } from 'vitest';
import { createObjectStore, ObjectStoreError } from '../src/storage/object-store.ts';

const env = stackEnv();
const store = createObjectStore({
  endpoint: env.S3_ENDPOINT,
  accessKey: env.S3_ACCESS_KEY,
  secretKey: env.S3_SECRET_KEY,
  region: 'us-east-1',
});

describe('object store (MinIO)', () => {
  it('takes an upload through a presigned PUT and returns it byte for byte', async () => {
    const body = randomBytes(256 * 1024);
    const key = `test/${randomBytes(8).toString('hex')}.bin`;
    const url = await store.presignPut('imports', key, 60);
    expect(url).toContain('X-Amz-Signature=');

    const put = await fetch(url, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(put.status).toBe(200);

    expect(Buffer.compare(await store.getObject('imports', key), body)).toBe(0);
    const viaGet = await fetch(await store.presignGet('imports', key, 60));
    expect(Buffer.compare(Buffer.from(await viaGet.arrayBuffer()), body)).toBe(0);
    expect((await store.stat('imports', key))?.size).toBe(body.length);
    expect(await store.readHead('imports', key, 4)).toEqual(body.subarray(0, 4));
    await store.remove('imports', key);
    expect(await store.stat('imports', key)).toBeNull();
  });

  it('refuses an upload whose signature was tampered with', async () => {
    const url = new URL(await store.presignPut('imports', 'test/tampered.bin', 60));
    url.pathname = url.pathname.replace('tampered', 'elsewhere');
    const put = await fetch(url, { method: 'PUT', body: 'x' });
    expect(put.status).toBe(403);
  });

  it('names the bucket when it does not exist', async () => {
    const error = await store.presignPut('no-such-bucket', 'a.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectStoreError);
    expect((error as ObjectStoreError).code).toBe('bucket_missing');
    expect((error as Error).message).toMatch(/bucket "no-such-bucket" does not exist/);
  });

  it('says which object is missing', async () => {
    await expect(store.getObject('imports', 'test/never-uploaded')).rejects.toThrow(
      /no object "test\/never-uploaded" in bucket "imports"/,
    );
  });
});
