import { router } from '../../trpc/index.ts';

export const trainingRouter = router({});
