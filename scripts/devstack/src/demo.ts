import type { StackConfig } from './config.ts';

/** Loads the demo organisations and profiles; filled in with the db package. */
export async function seedDemo(_cfg: StackConfig) {}
