import { Context } from '@temporalio/activity';

/** Dependencies the activities need (database, object store, mailer…), injected by the worker. */
export type ActivityDeps = Record<string, never>;

export function createActivities(_deps: ActivityDeps = {}) {
  return {
    async describeWorker(): Promise<string> {
      return Context.current().info.taskQueue + '@' + process.pid;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
