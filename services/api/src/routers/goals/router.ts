import { router } from '../../trpc/index.ts';

export const goalsRouter = router({});
