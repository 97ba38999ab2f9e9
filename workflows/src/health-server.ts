// A small HTTP endpoint for the orchestrator: /healthz answers 200 while
// every worker of this process is running and 503 once any has stopped or
// failed, so a liveness probe restarts a process that lost a queue.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Worker } from '@temporalio/worker';

export interface HealthServer {
  server: Server;
  close(): Promise<void>;
}

export async function startHealthServer(
  port: number,
  host: string,
  workers: () => { taskQueue: string; worker: Worker }[],
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/healthz') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
      return;
    }
    const states = workers().map(({ taskQueue, worker }) => ({
      taskQueue,
      state: worker.getState(),
    }));
    const healthy = states.length > 0 && states.every((s) => s.state === 'RUNNING');
    res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: healthy ? 'ok' : 'unhealthy', workers: states }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
