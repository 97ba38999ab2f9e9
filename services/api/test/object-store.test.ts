import { randomBytes } from 'node:crypto';
import { minioTestClient, stackEnv } from '@canopy/devstack/testing';
import { describe, expect, it } from 'vitest';
import { createObjectStore, ObjectStoreError } from '../src/storage/object-store.ts';
import { postUpload } from './upload-forms.ts';

const env = stackEnv();
const store = createObjectStore({
  endpoint: env.S3_ENDPOINT,
  accessKey: env.S3_ACCESS_KEY,
  secretKey: env.S3_SECRET_KEY,
  region: 'us-east-1',
});

describe('object store (MinIO)', () => {
  it('takes an upload through a POST policy and returns it byte for byte', async () => {
    const body = randomBytes(256 * 1024);
    const key = `test/${randomBytes(8).toString('hex')}.bin`;
    const form = await store.presignPost('imports', key, {
      contentType: 'application/octet-stream',
      maxBytes: body.length,
      expiresInSeconds: 60,
    });
    expect(form.fields).toMatchObject({ key, 'Content-Type': 'application/octet-stream' });
    expect((await postUpload(form, body)).status).toBe(204);

    expect(Buffer.compare(await store.getObject('imports', key), body)).toBe(0);
    const viaGet = await fetch(await store.presignGet('imports', key, 60));
    expect(Buffer.compare(Buffer.from(await viaGet.arrayBuffer()), body)).toBe(0);
    expect((await store.stat('imports', key))?.size).toBe(body.length);
    expect(await store.readHead('imports', key, 4)).toEqual(body.subarray(0, 4));
    await store.copy('imports', key, `${key}.copy`);
    expect(Buffer.compare(await store.getObject('imports', `${key}.copy`), body)).toBe(0);
    await store.remove('imports', key);
    await store.remove('imports', `${key}.copy`);
    expect(await store.stat('imports', key)).toBeNull();
  });

  it('refuses, in the store itself, a body over the limit or of another type', async () => {
    const key = `test/${randomBytes(8).toString('hex')}.png`;
    const form = await store.presignPost('imports', key, {
      contentType: 'image/png',
      maxBytes: 100,
      expiresInSeconds: 60,
    });
    const tooLarge = await postUpload(form, Buffer.alloc(101));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toContain('EntityTooLarge');
    const html = await postUpload(form, '<script>alert(1)</script>', { contentType: 'text/html' });
    expect(html.status).toBe(403);
    expect(await store.stat('imports', key)).toBeNull();
  });

  it('serves an object as the type it is told to, whatever was stored', async () => {
    const key = `test/${randomBytes(8).toString('hex')}.png`;
    await store.putObject('imports', key, Buffer.from('<script>alert(1)</script>'), 'text/html');
    const res = await fetch(
      await store.presignGet('imports', key, 60, {
        contentType: 'image/png',
        disposition: 'inline; filename="a.png"',
      }),
    );
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="a.png"');
    await store.remove('imports', key);
  });

  it('purges every version of a refused object from a versioned bucket', async () => {
    const minio = minioTestClient();
    const bucket = `test-versioned-${randomBytes(4).toString('hex')}`;
    await minio.makeBucket(bucket);
    try {
      await minio.setBucketVersioning(bucket, { Status: 'Enabled' });
      await store.putObject(bucket, 'staging/a', Buffer.from('<html>1'), 'image/png');
      await store.putObject(bucket, 'staging/a', Buffer.from('<html>22'), 'image/png');
      await store.putObject(bucket, 'staging/ab', Buffer.from('kept'), 'image/png');
      await store.purge(bucket, 'staging/a');
      const left: string[] = [];
      for await (const item of minio.listObjects(bucket, '', true, { IncludeVersion: true })) {
        left.push((item as { name: string }).name);
      }
      expect(left).toEqual(['staging/ab']);
    } finally {
      for await (const item of minio.listObjects(bucket, '', true, { IncludeVersion: true })) {
        const { name, versionId } = item as { name: string; versionId?: string };
        await minio.removeObject(bucket, name, { versionId });
      }
      await minio.removeBucket(bucket);
    }
  });

  it('refuses an upload whose signature was tampered with', async () => {
    const form = await store.presignPost('imports', 'test/tampered.bin', {
      contentType: 'application/octet-stream',
      maxBytes: 10,
      expiresInSeconds: 60,
    });
    const res = await postUpload(
      { ...form, fields: { ...form.fields, key: 'test/elsewhere.bin' } },
      'x',
    );
    expect(res.status).toBe(403);
    expect(await store.stat('imports', 'test/elsewhere.bin')).toBeNull();
  });

  it('names the bucket when it does not exist', async () => {
    const error = await store.presignGet('no-such-bucket', 'a.txt').catch((e: unknown) => e);
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
