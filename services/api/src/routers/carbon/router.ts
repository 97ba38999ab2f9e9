import { router } from '../../trpc/index.ts';

export const carbonRouter = router({});
