import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '@canopy/db';
import type { Harness } from './harness.ts';
import { createHarness } from './harness.ts';

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

async function upload(url: string, body: Buffer, type: string) {
  const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': type } });
  expect(res.status).toBe(200);
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

  it('takes an avatar through a presigned upload checked by its magic bytes', async () => {
    const caller = await h.as('member');
    const { key, url, maxBytes } = await caller.me.avatar.uploadUrl({
      contentType: 'image/png',
      size: png.length,
    });
    expect(key.startsWith(`${demoUsers.member.id}/`)).toBe(true);
    expect(maxBytes).toBe(5 * 1024 * 1024);
    await upload(url, png, 'image/png');
    const profile = await caller.me.avatar.confirm({ key });
    expect(profile.avatarUrl).toContain(key);
    const fetched = await fetch(profile.avatarUrl!);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(png)).toBe(true);
  });

  it('refuses a file that is not an image, and deletes it', async () => {
    const caller = await h.as('member');
    const before = (await caller.me.get()).avatarUrl;
    const { key, url } = await caller.me.avatar.uploadUrl({ contentType: 'image/png', size: 20 });
    await upload(url, Buffer.from('#!/bin/sh\necho pwned\n'), 'image/png');
    await expect(caller.me.avatar.confirm({ key })).rejects.toThrow(/not a PNG, JPEG or WebP/);
    await expect(caller.me.avatar.confirm({ key })).rejects.toThrow(/nothing was uploaded/);
    expect((await caller.me.get()).avatarUrl?.split('?')[0]).toBe(before?.split('?')[0]);
  });

  it("refuses to confirm another member's upload, and oversized or odd requests", async () => {
    const owner = await h.as('member');
    const { key } = await owner.me.avatar.uploadUrl({ contentType: 'image/jpeg', size: 100 });
    const other = await h.as('member2');
    await expect(other.me.avatar.confirm({ key })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      owner.me.avatar.uploadUrl({ contentType: 'image/png', size: 6 * 1024 * 1024 }),
    ).rejects.toThrow(/size/);
    await expect(
      owner.me.avatar.uploadUrl({ contentType: 'image/svg+xml' as never, size: 10 }),
    ).rejects.toThrow(/contentType/);
    const error = await other.me.avatar.confirm({ key: '../etc/passwd' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
  });
});
