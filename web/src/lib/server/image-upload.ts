import type { CanopyClient } from '@canopy/client';
import { postToStore } from './store-upload.ts';

type Avatar = CanopyClient['me']['avatar'];

/**
 * An avatar goes browser → this server → the upload form, like imports (see
 * import-upload.ts): the object store stays private and img-src stays 'self'.
 * The store refuses a file over the declared size or of another type; the
 * API decodes and re-encodes the picture when it is confirmed.
 */
export async function uploadAvatar(
  avatar: {
    uploadUrl: Pick<Avatar['uploadUrl'], 'mutate'>;
    confirm: Pick<Avatar['confirm'], 'mutate'>;
  },
  file: File,
  fetchFn: typeof fetch = fetch,
) {
  const form = await avatar.uploadUrl.mutate({
    contentType: file.type as 'image/png',
    size: file.size,
  });
  const posted = await postToStore(form, file, file.name || 'avatar', fetchFn);
  if (!posted.ok) throw new Error(`the object store refused the avatar upload: ${posted.status}`);
  return avatar.confirm.mutate({ uploadId: form.uploadId });
}
