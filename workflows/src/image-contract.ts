// The image workflow's names and types, shared with the API that starts it
// after an avatar or product image upload is confirmed.
import type { ImageOwner } from '@canopy/db';

export type { ImageOwner };

/** Workflow id of one uploaded picture: `image-<bucket>/<key>`. */
export const imageWorkflowId = (bucket: string, key: string) => `image-${bucket}/${key}`;
export const imageWorkflowType = 'processImage';

/** Square WebP thumbnails made of every picture, in px. */
export const thumbnailSizes = [64, 256] as const;

/** Where a picture's thumbnail goes: next to it, e.g. `u/abc.png` → `u/abc-64.webp`. */
export const thumbnailKey = (key: string, size: number) =>
  `${key.replace(/\.[a-z0-9]+$/i, '')}-${size}.webp`;

export interface ProcessImageInput {
  bucket: string;
  key: string;
  owner: ImageOwner;
}

export type ProcessImageResult =
  | {
      status: 'ready';
      width: number;
      height: number;
      /** Object keys by size in px. */
      thumbnails: Record<string, string>;
      /** False when the owner had replaced the picture meanwhile (the thumbnails were removed). */
      attached: boolean;
    }
  | { status: 'rejected'; reason: string };

export const imageFailureTypes = {
  notAnImage: 'NotAnImage',
  missing: 'ImageMissing',
  workerMisconfigured: 'WorkerMisconfigured',
} as const;
