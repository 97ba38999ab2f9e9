import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '@canopy/db';
import type { Harness } from './harness.ts';
import { createHarness, objectStore } from './harness.ts';
import type { UploadForm } from './upload-forms.ts';
import { fakePng, pngHeader, postUpload, realPng } from './upload-forms.ts';

const png = realPng(24, 16);

async function upload(form: UploadForm, body: Buffer | string) {
  const res = await postUpload(form, body);
  expect(res.status).toBe(204);
}

describe('me router', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('returns the profile with roles and organisations', async () => {
    const me = await (await h.as('orgadmin')).me.get();
    expect(me).toMatchObject({
      id: demoUsers.orgadmin.id,
      displayName: 'Olga Orgadmin',
      units: 'metric',
      timeZone: 'UTC',
      avatarUrl: null,
    });
    expect(me.roles.sort()).toEqual(['member', 'org-admin']);
    expect(me.organisations).toEqual([
      expect.objectContaining({ slug: 'alder', name: 'Alder & Co', role: 'org-admin' }),
    ]);
  });

  it('updates units and time zone and rejects bad values naming the field', async () => {
    const caller = await h.as('member');
    const updated = await caller.me.update({ units: 'imperial', timeZone: 'Europe/Berlin' });
    expect(updated).toMatchObject({ units: 'imperial', timeZone: 'Europe/Berlin' });

    await expect(caller.me.update({ timeZone: 'Mars/Olympus' })).rejects.toThrow(/timeZone/);
    await expect(caller.me.update({ units: 'cubits' as never })).rejects.toThrow(/units/);
    await expect(caller.me.update({ displayName: '   ' })).rejects.toThrow(/displayName/);
    // Nothing changed by the rejected calls.
    expect(await caller.me.get()).toMatchObject({ units: 'imperial', timeZone: 'Europe/Berlin' });
  });

  it('needs a signed-in caller', async () => {
    const anonymous = await h.as(null);
    await expect(anonymous.me.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('takes an avatar through an upload form, re-encoded and audited', async () => {
    const caller = await h.as('member');
    const form = await caller.me.avatar.uploadUrl({ contentType: 'image/png', size: png.length });
    expect(form.maxBytes).toBe(5 * 1024 * 1024);
    expect(form.fields['Content-Type']).toBe('image/png');
    await upload(form, png);
    const profile = await caller.me.avatar.confirm({ uploadId: form.uploadId });
    const key = `${demoUsers.member.id}/${form.uploadId}.png`;
    expect(profile.avatarUrl).toContain(key);
    const fetched = await fetch(profile.avatarUrl!);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(fetched.headers.get('content-disposition')).toMatch(/^inline; filename="/);
    expect(pngHeader(Buffer.from(await fetched.arrayBuffer()))).toEqual(pngHeader(png));
    // Nothing is left in staging.
    expect(await objectStore.stat('avatars', `staging/${key.replace(/\.png$/, '')}`)).toBeNull();
    const audit = await h.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_id', '=', demoUsers.member.id)
      .where('action', '=', 'me.avatar.set')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ key, type: 'image/png' }) }),
    ]);
  });

  it('keeps a confirmed avatar when its upload form is used again, and confirms once', async () => {
    const caller = await h.as('member');
    const form = await caller.me.avatar.uploadUrl({ contentType: 'image/png', size: 4096 });
    await upload(form, png);
    const confirmed = await caller.me.avatar.confirm({ uploadId: form.uploadId });
    const first = Buffer.from(await (await fetch(confirmed.avatarUrl!)).arrayBuffer());

    await upload(form, realPng(32, 32, 200));
    await expect(caller.me.avatar.confirm({ uploadId: form.uploadId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'uploadId: already confirmed',
    });
    const now = await caller.me.get();
    const served = Buffer.from(await (await fetch(now.avatarUrl!)).arrayBuffer());
    expect(served.equals(first)).toBe(true);
  });

  it('refuses a file that is not an image, and deletes it', async () => {
    const caller = await h.as('member');
    const before = (await caller.me.get()).avatarUrl;
    for (const body of [Buffer.from('#!/bin/sh\necho pwned\n'), fakePng]) {
      const form = await caller.me.avatar.uploadUrl({ contentType: 'image/png', size: 100 });
      await upload(form, body);
      await expect(caller.me.avatar.confirm({ uploadId: form.uploadId })).rejects.toThrow(
        /not a PNG, JPEG or WebP/,
      );
      const staged = `staging/${demoUsers.member.id}/${form.uploadId}`;
      expect(await objectStore.stat('avatars', staged)).toBeNull();
    }
    expect((await caller.me.get()).avatarUrl?.split('?')[0]).toBe(before?.split('?')[0]);
  });

  it('removes the avatar and its objects, and records it', async () => {
    const caller = await h.as('member2');
    const form = await caller.me.avatar.uploadUrl({ contentType: 'image/png', size: png.length });
    await upload(form, png);
    await caller.me.avatar.confirm({ uploadId: form.uploadId });
    const key = `${demoUsers.member2.id}/${form.uploadId}.png`;
    expect(await caller.me.avatar.remove()).toMatchObject({ avatarUrl: null });
    expect(await objectStore.stat('avatars', key)).toBeNull();
    const actions = await h.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', demoUsers.member2.id)
      .orderBy('at')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['me.avatar.set', 'me.avatar.remove']);
  });

  it("refuses to confirm another member's upload, and oversized or odd requests", async () => {
    const owner = await h.as('member');
    const form = await owner.me.avatar.uploadUrl({ contentType: 'image/png', size: png.length });
    const { uploadId } = form;
    // Posted, so only the ownership check stands between another member and this picture.
    await upload(form, png);
    const other = await h.as('member2');
    const otherBefore = (await other.me.get()).avatarUrl;
    await expect(other.me.avatar.confirm({ uploadId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'uploadId: not one of your uploads',
    });
    expect((await other.me.get()).avatarUrl).toBe(otherBefore);
    // The refused attempt did not use the upload up: its owner still confirms it.
    expect((await owner.me.avatar.confirm({ uploadId })).avatarUrl).toContain(
      `${demoUsers.member.id}/${uploadId}.png`,
    );
    await expect(
      owner.me.avatar.uploadUrl({ contentType: 'image/png', size: 6 * 1024 * 1024 }),
    ).rejects.toThrow(/size/);
    for (const contentType of ['image/svg+xml', 'text/html']) {
      await expect(
        owner.me.avatar.uploadUrl({ contentType: contentType as never, size: 10 }),
      ).rejects.toThrow(/contentType/);
    }
    const error = await other.me.avatar
      .confirm({ uploadId: '../etc/passwd' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/uploadId/),
    });
  });
});
