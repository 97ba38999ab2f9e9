// Black-box, over HTTP, against the real API process and the stack's real
// MinIO: the store itself refuses an upload larger than declared or of
// another type, a confirmed avatar cannot be changed through its upload form,
// markup posing as a picture is refused and deleted, and an import over the
// limit leaves nothing in the bucket.
import { minioTestClient, stackEnv } from '@canopy/devstack/testing';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakePng, postUpload, realPng } from '../upload-forms.ts';
import type { LiveApi } from './live-api.ts';
import { startLiveApi, tokenFor, trpc } from './live-api.ts';

interface Form {
  uploadId: string;
  url: string;
  fields: Record<string, string>;
}
interface ImportForm {
  importId: string;
  key: string;
  url: string;
  fields: Record<string, string>;
}
interface Profile {
  id: string;
  avatarUrl: string | null;
}

const svgWithScript = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>',
);
const htmlPage = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');

/** Every key in a bucket under a prefix, as the stack's own S3 credentials see it. */
async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of minioTestClient().listObjectsV2(bucket, prefix, true)) {
    const name = (item as { name?: string }).name;
    if (name) keys.push(name);
  }
  return keys;
}

describe('uploads, black-box', () => {
  let api: LiveApi;
  let member: string;
  let memberId: string;
  /** The avatar this test confirmed, by object key. */
  let confirmedKey: string;
  const call = <T>(kind: 'query' | 'mutation', path: string, input?: unknown) =>
    trpc<T>(api.url, kind, path, input, member);

  async function avatarForm(contentType: string, size: number) {
    const answer = await call<Form>('mutation', 'me.avatar.uploadUrl', { contentType, size });
    expect(answer.status).toBe(200);
    return answer.data!;
  }

  /** The avatar as the API serves it: its presigned URL from me.get, fetched. */
  async function servedAvatar() {
    const me = await call<Profile>('query', 'me.get');
    if (!me.data?.avatarUrl) return null;
    const res = await fetch(me.data.avatarUrl);
    return {
      type: res.headers.get('content-type'),
      disposition: res.headers.get('content-disposition'),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  }

  beforeAll(async () => {
    api = await startLiveApi({ env: { RATE_LIMIT_PER_MINUTE: '1000' } });
    member = await tokenFor('member');
    memberId = (await call<Profile>('query', 'me.get')).data!.id;
  });
  const startedImports: string[] = [];
  afterAll(async () => {
    // No worker reads this test's database: end the import workflows it started.
    if (startedImports.length > 0) {
      const env = stackEnv();
      const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
      const temporal = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
      for (const id of startedImports) {
        await temporal.workflow
          .getHandle(`ingest-${id}`)
          .terminate('test over')
          .catch(() => undefined);
      }
      await connection.close();
    }
    await api?.stop();
  });

  it('has the store refuse an avatar larger than declared, storing nothing', async () => {
    const png = realPng(30, 20);
    const form = await avatarForm('image/png', 100);
    expect(png.length).toBeGreaterThan(100);
    const refused = await postUpload(form, png);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('EntityTooLarge');
    expect(await keysUnder('avatars', `staging/${memberId}/${form.uploadId}`)).toEqual([]);
    const confirm = await call('mutation', 'me.avatar.confirm', { uploadId: form.uploadId });
    expect(confirm.status).toBe(404);
    expect(confirm.error?.message).toBe('file: nothing was uploaded yet');

    // 6 MB declared is refused by the API before any form is issued.
    const tooLarge = await call('mutation', 'me.avatar.uploadUrl', {
      contentType: 'image/png',
      size: 6 * 1024 * 1024,
    });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.error?.data?.fieldErrors).toHaveProperty('size');
  });

  it('has the store refuse an upload posted with another Content-Type', async () => {
    const form = await avatarForm('image/png', 4096);
    for (const contentType of ['text/html', 'image/svg+xml', 'image/jpeg']) {
      const refused = await postUpload(form, htmlPage, { contentType });
      expect(refused.status).toBe(403);
    }
    expect(await keysUnder('avatars', `staging/${memberId}/${form.uploadId}`)).toEqual([]);
  });

  it('keeps a confirmed avatar unchanged when its upload form is used again', async () => {
    const png = realPng(40, 30);
    const form = await avatarForm('image/png', 8192);
    expect((await postUpload(form, png)).status).toBe(204);
    const confirmed = await call<Profile>('mutation', 'me.avatar.confirm', {
      uploadId: form.uploadId,
    });
    expect(confirmed.status).toBe(200);
    confirmedKey = `${memberId}/${form.uploadId}.png`;
    expect(await keysUnder('avatars', confirmedKey)).toEqual([confirmedKey]);
    const before = await servedAvatar();
    expect(before).toMatchObject({ type: 'image/png' });
    expect(before!.disposition).toMatch(/^inline; filename="[\w-]+\.png"$/);

    // The form is still within its five minutes: the store takes the bytes, nothing reads them.
    expect((await postUpload(form, htmlPage)).status).toBe(204);
    expect((await postUpload(form, realPng(16, 16, 250))).status).toBe(204);
    const again = await call('mutation', 'me.avatar.confirm', { uploadId: form.uploadId });
    expect(again.status).toBe(409);
    expect(again.error?.message).toBe('uploadId: already confirmed');

    const after = await servedAvatar();
    expect(after!.type).toBe('image/png');
    expect(after!.bytes.equals(before!.bytes)).toBe(true);

    const audit = await api.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_id', '=', memberId)
      .where('action', '=', 'me.avatar.set')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses markup declared or posted as an avatar, and deletes what was posted', async () => {
    const before = await servedAvatar();
    for (const contentType of ['text/html', 'image/svg+xml']) {
      const declared = await call('mutation', 'me.avatar.uploadUrl', { contentType, size: 100 });
      expect(declared.status).toBe(400);
      expect(declared.error?.data?.fieldErrors).toHaveProperty('contentType');
    }
    // Posted under a picture's type, as the form requires: the bytes give it away.
    for (const body of [svgWithScript, htmlPage, fakePng]) {
      const form = await avatarForm('image/png', body.length);
      expect((await postUpload(form, body)).status).toBe(204);
      const confirm = await call('mutation', 'me.avatar.confirm', { uploadId: form.uploadId });
      expect(confirm.status).toBe(400);
      expect(confirm.error?.message).toBe('file: not a PNG, JPEG or WebP image');
      expect(await keysUnder('avatars', `staging/${memberId}/${form.uploadId}`)).toEqual([]);
      expect(await keysUnder('avatars', `${memberId}/${form.uploadId}`)).toEqual([]);
    }
    const after = await servedAvatar();
    expect(after!.bytes.equals(before!.bytes)).toBe(true);
  });

  it('records removing the avatar, and deletes it', async () => {
    const removed = await call<Profile>('mutation', 'me.avatar.remove');
    expect(removed.status).toBe(200);
    expect(removed.data!.avatarUrl).toBeNull();
    const actions = await api.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', memberId)
      .where('action', 'like', 'me.avatar.%')
      .orderBy('at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['me.avatar.set', 'me.avatar.remove']);
    expect(await keysUnder('avatars', confirmedKey)).toEqual([]);
  });

  it("refuses another member's confirm of a posted avatar, which its owner still confirms", async () => {
    const png = realPng(12, 12, 30);
    const form = await avatarForm('image/png', png.length);
    expect((await postUpload(form, png)).status).toBe(204);
    const member2 = await tokenFor('member2');
    const foreign = await trpc(
      api.url,
      'mutation',
      'me.avatar.confirm',
      { uploadId: form.uploadId },
      member2,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.error?.message).toBe('uploadId: not one of your uploads');
    const theirs = await trpc<Profile>(api.url, 'query', 'me.get', undefined, member2);
    expect(theirs.data!.avatarUrl).toBeNull();
    const own = await call<Profile>('mutation', 'me.avatar.confirm', { uploadId: form.uploadId });
    expect(own.status).toBe(200);
    expect(own.data!.avatarUrl).toContain(`${memberId}/${form.uploadId}.png`);
  });

  it('refuses an import over the limit, leaving no object in the bucket', async () => {
    const limit = 10 * 1024 * 1024;
    const overLimit = await call('mutation', 'carbon.importUploadUrl', {
      fileName: 'big.csv',
      size: limit + 4096,
    });
    expect(overLimit.status).toBe(400);
    expect(overLimit.error?.data?.fieldErrors).toHaveProperty('size');

    const answer = await call<ImportForm>('mutation', 'carbon.importUploadUrl', {
      fileName: 'big.csv',
      size: limit,
    });
    const form = answer.data!;
    const refused = await postUpload(form, Buffer.alloc(limit + 4096, 0x61));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('EntityTooLarge');
    const start = await call('mutation', 'carbon.importStart', { importId: form.importId });
    expect(start.status).toBe(400);
    expect(start.error?.message).toMatch(/^importId: the file has not been uploaded yet/);
    const everything = await keysUnder('imports', '');
    expect(everything.filter((k) => k.includes(form.importId))).toEqual([]);
  });

  it('reads only what was posted before an import started', async () => {
    const csv = 'date,type,quantity,unit\n2026-01-05,electricity,120,kwh\n';
    const answer = await call<ImportForm>('mutation', 'carbon.importUploadUrl', {
      fileName: 'bills.csv',
      size: 4096,
    });
    const form = answer.data!;
    expect((await postUpload(form, csv)).status).toBe(204);
    const started = await call('mutation', 'carbon.importStart', { importId: form.importId });
    startedImports.push(form.importId);
    expect(started.status).toBe(200);
    expect(await keysUnder('imports', `staging/${form.key}`)).toEqual([]);

    expect((await postUpload(form, 'date,type\n9999-01-01,flight\n')).status).toBe(204);
    const kept = await minioTestClient().getObject('imports', form.key);
    const chunks: Buffer[] = [];
    for await (const chunk of kept) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(csv);
    await minioTestClient().removeObject('imports', `staging/${form.key}`);
  });
});
