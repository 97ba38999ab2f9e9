// Names and types shared by workflows, activities, the worker and callers.

/** One task queue per concern, so each can be scaled on its own. */
export const taskQueues = {
  /** Housekeeping and connectivity checks. */
  system: 'canopy-system',
} as const;

export interface PingInput {
  /** Who is asking; echoed back to prove the round trip. */
  from: string;
}

export interface PingResult {
  reply: string;
  /** Set by the activity, so a reply proves a worker ran real activity code. */
  workerIdentity: string;
}
