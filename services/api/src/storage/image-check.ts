import { z } from 'zod';
import type { ObjectStore } from './object-store.ts';

/** Uploaded pictures (avatars, product photos) are capped at 5 MB. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

// A browser's declared content type proves nothing, so confirm steps read the
// first bytes: PNG signature (RFC 2083 §12.12), JPEG SOI + marker, RIFF….WEBP.
const imageTypes = {
  'image/png': {
    ext: 'png',
    magic: (b: Buffer) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  'image/jpeg': {
    ext: 'jpg',
    magic: (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  },
  'image/webp': {
    ext: 'webp',
    magic: (b: Buffer) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' &&
      b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
} as const;
export type ImageType = keyof typeof imageTypes;

export const ZImageContentType = z.enum(Object.keys(imageTypes) as [ImageType, ...ImageType[]], {
  error: 'contentType must be image/png, image/jpeg or image/webp',
});

export const ZImageSize = z
  .number({ error: 'size must be a number of bytes' })
  .int('size must be a whole number of bytes')
  .min(1, 'size must be at least 1 byte')
  .max(IMAGE_MAX_BYTES, `size must be at most ${IMAGE_MAX_BYTES} bytes (5 MB)`);

export function imageExtension(type: ImageType): string {
  return imageTypes[type].ext;
}

/** The image type the bytes really are, or null when they are none of ours. */
export function sniffImageType(head: Buffer): ImageType | null {
  return (Object.keys(imageTypes) as ImageType[]).find((t) => imageTypes[t].magic(head)) ?? null;
}

export type UploadedImageCheck =
  | { ok: true; type: ImageType; size: number }
  | { ok: false; reason: 'missing' }
  | { ok: false; reason: 'too_large' | 'not_an_image'; message: string };

/**
 * Checks an object a browser has PUT through a presigned URL. A rejected file
 * is deleted at once so the bucket never serves it.
 */
export async function checkUploadedImage(
  store: ObjectStore,
  bucket: string,
  key: string,
): Promise<UploadedImageCheck> {
  const stat = await store.stat(bucket, key);
  if (!stat) return { ok: false, reason: 'missing' };
  if (stat.size > IMAGE_MAX_BYTES) {
    await store.remove(bucket, key);
    return {
      ok: false,
      reason: 'too_large',
      message: `file: ${stat.size} bytes is over the 5 MB limit`,
    };
  }
  const type = sniffImageType(await store.readHead(bucket, key, 16));
  if (!type) {
    await store.remove(bucket, key);
    return { ok: false, reason: 'not_an_image', message: 'file: not a PNG, JPEG or WebP image' };
  }
  return { ok: true, type, size: stat.size };
}
