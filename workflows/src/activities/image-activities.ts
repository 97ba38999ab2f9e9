import type { ImageOwner } from '@canopy/db';
import { detachRejectedImage, recordImageThumbnails } from '@canopy/db';
import { ApplicationFailure } from '@temporalio/activity';
import sharp from 'sharp';
import { imageFailureTypes, thumbnailKey, thumbnailSizes } from '../shared.ts';
import type { IngestDeps } from './ingest/ingest-deps.ts';

/** Uploads are capped at 5 MB by the API; anything larger was not put there through it. */
const maxBytes = 5 * 1024 * 1024;
/** Decoding a picture of more pixels than this is refused (a decompression bomb). */
const maxPixels = 40_000_000;

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
     * Decodes the whole picture (the API only checked its first bytes) and
     * writes square WebP thumbnails next to it. A file that does not decode
     * fails without retrying, as NotAnImage.
     */
    async makeThumbnails(input: { bucket: string; key: string }) {
      const original = await readObject(deps, input.bucket, input.key);
      let decoded;
      try {
        // failOn 'error' rejects truncated and corrupt data, not merely odd metadata.
        decoded = await sharp(original, { failOn: 'error', limitInputPixels: maxPixels })
          .rotate()
          .raw()
          .toBuffer({ resolveWithObject: true });
      } catch (error) {
        throw ApplicationFailure.nonRetryable(
          `not a readable image: ${error instanceof Error ? error.message : String(error)}`,
          imageFailureTypes.notAnImage,
        );
      }
      const { width, height, channels } = decoded.info;
      const thumbnails: Record<string, string> = {};
      for (const size of thumbnailSizes) {
        const webp = await sharp(decoded.data, { raw: { width, height, channels } })
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
