import type { CanopyClient } from '@canopy/client';

type Avatar = CanopyClient['me']['avatar'];

/**
 * An avatar goes browser → this server → the presigned URL, like imports (see
 * import-upload.ts): the object store stays private and img-src stays 'self'.
 * The API checks the picture's first bytes when it is confirmed.
 */
export async function uploadAvatar(
  avatar: {
    uploadUrl: Pick<Avatar['uploadUrl'], 'mutate'>;
    confirm: Pick<Avatar['confirm'], 'mutate'>;
  },
  file: File,
  fetchFn: typeof fetch = fetch,
) {
  const { key, url } = await avatar.uploadUrl.mutate({
    contentType: file.type as 'image/png',
    size: file.size,
  });
  const put = await fetchFn(url, {
    method: 'PUT',
    body: await file.arrayBuffer(),
    headers: { 'content-type': file.type },
  });
  if (!put.ok) throw new Error(`the object store refused the avatar upload: ${put.status}`);
  return avatar.confirm.mutate({ key });
}
