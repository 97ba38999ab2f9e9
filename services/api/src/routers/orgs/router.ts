import { router } from '../../trpc/index.ts';

export const orgsRouter = router({});
