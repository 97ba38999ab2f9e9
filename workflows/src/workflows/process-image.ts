import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { imageFailureTypes } from '../shared.ts';
import type { ProcessImageInput, ProcessImageResult } from '../shared.ts';

const steps = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [imageFailureTypes.notAnImage, imageFailureTypes.missing],
  },
});

function notAnImage(error: unknown): string | undefined {
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.type === imageFailureTypes.notAnImage
  ) {
    return error.cause.message;
  }
  return undefined;
}

/**
 * One uploaded picture (workflow id `image-<bucket>/<key>`): decoded in full
 * to prove it is an image, thumbnails written next to it and recorded on its
 * owner. A file that does not decode is taken off its owner and deleted.
 */
export async function processImage(input: ProcessImageInput): Promise<ProcessImageResult> {
  const { bucket, key, owner } = input;
  let made;
  try {
    made = await steps.makeThumbnails({ bucket, key });
  } catch (error) {
    const reason = notAnImage(error);
    if (reason === undefined) throw error;
    await steps.rejectImage({ bucket, key, owner });
    return { status: 'rejected', reason };
  }
  const attached = await steps.attachThumbnails({ owner, key, thumbnails: made.thumbnails });
  if (!attached) {
    // The owner chose another picture meanwhile: these thumbnails describe nothing shown.
    await steps.removeObjects({ bucket, keys: Object.values(made.thumbnails) });
  }
  return { status: 'ready', ...made, attached };
}
