// Histories recorded from real image runs (RECORD_IMAGE_HISTORIES=1 with
// process-image.test.ts) must replay with today's workflow code: a change that would
// break image processing in flight fails here, not in production.
import { describeReplay } from './replay.ts';

describeReplay('image processing', 'image-', [
  'image-avatar.json',
  'image-corrupt.json',
  'image-product.json',
  'image-replaced.json',
]);
