import type { ImageOwner } from '@canopy/db';
import { detachRejectedImage, recordImageThumbnails } from '@canopy/db';
import { ApplicationFailure } from '@temporalio/activity';
import sharp from 'sharp';
import { decodePicture, NotAPictureError, PICTURE_MAX_BYTES } from '../image-reencode.ts';
import { imageFailureTypes, thumbnailKey, thumbnailSizes } from '../shared.ts';
import type { IngestDeps } from './ingest/ingest-deps.ts';

/** Uploads are capped at 5 MB by the API; anything larger was not put there through it. */
const maxBytes = PICTURE_MAX_BYTES;

function need<K extends 'db' | 'objectStore'>(deps: Partial<IngestDeps>, key: K): IngestDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      imageFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

async function readObject(deps: Partial<IngestDeps>, bucket: string, key: string) {
  const store = need(deps, 'objectStore');
  let stream;
  try {
    stream = await store.getObject(bucket, key);
  } catch (error) {
    if ((error as { code?: string }).code === 'NoSuchKey') {
      throw ApplicationFailure.nonRetryable(`${key} is not there`, imageFailureTypes.missing);
    }
    throw error;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw ApplicationFailure.nonRetryable(
        `larger than ${maxBytes} bytes`,
        imageFailureTypes.notAnImage,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Verifying and shrinking uploaded pictures; each step can run again with the same result. */
export function createImageActivities(deps: Partial<IngestDeps>) {
  return {
    /**
     * Decodes the whole picture (PNG, JPEG or WebP only: never SVG or any
     * other format libvips could read) and writes square WebP thumbnails next
     * to it. A file that does not decode fails without retrying, as NotAnImage.
     */
    async makeThumbnails(input: { bucket: string; key: string }) {
      const original = await readObject(deps, input.bucket, input.key);
      let decoded;
      try {
        decoded = await decodePicture(original);
      } catch (error) {
        if (!(error instanceof NotAPictureError)) throw error;
        throw ApplicationFailure.nonRetryable(error.message, imageFailureTypes.notAnImage);
      }
      const { width, height, channels } = decoded;
      const thumbnails: Record<string, string> = {};
      for (const size of thumbnailSizes) {
        const webp = await sharp(decoded.pixels, { raw: { width, height, channels } })
          .resize(size, size, { fit: 'cover', position: 'attention' })
          .webp({ quality: 80 })
          .toBuffer();
        const key = thumbnailKey(input.key, size);
        await need(deps, 'objectStore').putObject(input.bucket, key, webp, webp.length, {
          'Content-Type': 'image/webp',
          'Cache-Control': 'public, max-age=31536000, immutable',
        });
        thumbnails[String(size)] = key;
      }
      return { width, height, thumbnails };
    },

    async attachThumbnails(input: {
      owner: ImageOwner;
      key: string;
      thumbnails: Record<string, string>;
    }): Promise<boolean> {
      return recordImageThumbnails(need(deps, 'db'), input.owner, input.key, input.thumbnails);
    },

    /** Takes a rejected picture off its owner, then deletes it from the store. */
    async rejectImage(input: { bucket: string; key: string; owner: ImageOwner }): Promise<void> {
      await detachRejectedImage(need(deps, 'db'), input.owner, input.key);
      await need(deps, 'objectStore').removeObject(input.bucket, input.key);
    },

    async removeObjects(input: { bucket: string; keys: string[] }): Promise<void> {
      await need(deps, 'objectStore').removeObjects(input.bucket, input.keys);
    },
  };
}
