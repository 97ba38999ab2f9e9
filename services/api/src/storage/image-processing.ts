import type { ImageOwner, ImageThumbnails } from '@canopy/db';
import type { ProcessImageInput } from '@canopy/workflows/shared';
import { imageWorkflowId, imageWorkflowType, taskQueues } from '@canopy/workflows/shared';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import type { Context } from '../trpc/index.ts';
import { pictureUrl } from './image-check.ts';

const TEMPORAL_DEADLINE_MS = 10_000;
/** Thumbnails are immutable under their key; an hour's link is plenty for a page. */
const THUMBNAIL_URL_SECONDS = 3600;

/** A picture's thumbnails, smallest first; empty until the image workflow has made them. */
export const ZThumbnails = z.array(z.object({ size: z.number(), url: z.string() }));
export type Thumbnails = z.infer<typeof ZThumbnails>;

/**
 * Hands a confirmed (already re-encoded) picture to the image workflow, which
 * makes its thumbnails, or deletes it when it is no image after all. When
 * Temporal is unreachable the picture stays, without thumbnails.
 */
export async function startImageProcessing(
  ctx: Pick<Context, 'services' | 'log'>,
  bucket: string,
  key: string,
  owner: ImageOwner,
): Promise<void> {
  const input: ProcessImageInput = { bucket, key, owner };
  try {
    const client = await ctx.services.temporal();
    await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      client.workflow.start(imageWorkflowType, {
        workflowId: imageWorkflowId(bucket, key),
        taskQueue: ctx.services.taskQueues.notify ?? taskQueues.notify,
        args: [input],
        // Thumbnails are worth minutes of waiting for a worker, not days.
        workflowExecutionTimeout: '1 day',
      }),
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    ctx.log.warn({ err: error, bucket, key }, 'image workflow not started; no thumbnails');
  }
}

export async function thumbnailUrls(
  ctx: Pick<Context, 'objectStore'>,
  bucket: string,
  thumbnails: ImageThumbnails | null,
): Promise<Thumbnails> {
  const sizes = Object.entries(thumbnails ?? {})
    .map(([size, key]) => ({ size: Number(size), key }))
    .sort((a, b) => a.size - b.size);
  return Promise.all(
    sizes.map(async ({ size, key }) => ({
      size,
      url: await pictureUrl(ctx.objectStore, bucket, key, THUMBNAIL_URL_SECONDS),
    })),
  );
}

/**
 * Deletes a picture no one is shown any more, with its thumbnails. A failed
 * delete only leaves litter, so it is logged, not thrown.
 */
export async function removePicture(
  ctx: Pick<Context, 'objectStore' | 'log'>,
  bucket: string,
  picture: { key: string | null; thumbnails: ImageThumbnails | null },
): Promise<void> {
  if (!picture.key) return;
  for (const key of [picture.key, ...Object.values(picture.thumbnails ?? {})]) {
    await ctx.objectStore.remove(bucket, key).catch((error: unknown) => {
      ctx.log.warn({ err: error, bucket, key }, 'could not delete an old picture');
    });
  }
}
