import { describe, expect, it } from 'vitest';
import { taskQueues } from '../src/shared.ts';
import { parseWorkerEnv } from '../src/worker-env.ts';

const valid = {
  DATABASE_URL: 'postgres://canopy:canopy@127.0.0.1:5433/canopy',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  STRIPE_SECRET_KEY: 'sk_test_x',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  WEB_PUBLIC_URL: 'https://canopy.example.org',
};

describe('worker configuration from the environment', () => {
  it('names every missing variable in one error', () => {
    expect(() => parseWorkerEnv({})).toThrow(
      /DATABASE_URL.*TEMPORAL_ADDRESS.*STRIPE_SECRET_KEY.*SMTP_URL/,
    );
  });

  it('rejects a malformed value by name', () => {
    expect(() => parseWorkerEnv({ ...valid, SMTP_URL: 'not a url' })).toThrow(/SMTP_URL/);
    expect(() => parseWorkerEnv({ ...valid, DB_POOL_MAX: '0' })).toThrow(/DB_POOL_MAX/);
    expect(() => parseWorkerEnv({ ...valid, WORKER_HEALTH_PORT: '70000' })).toThrow(
      /WORKER_HEALTH_PORT must be from 1 to 65535/,
    );
    expect(() => parseWorkerEnv({ ...valid, WORKER_METRICS_ADDRESS: '9464' })).toThrow(
      /WORKER_METRICS_ADDRESS must be host:port/,
    );
  });

  it('polls the payments queue by default and a chosen list when told', () => {
    expect(parseWorkerEnv(valid).WORKER_TASK_QUEUES).toContain(taskQueues.payments);
    expect(parseWorkerEnv({ ...valid, WORKER_TASK_QUEUES: ' a, b ,' }).WORKER_TASK_QUEUES).toEqual([
      'a',
      'b',
    ]);
  });

  it("needs the dashboard's address on a worker that sends invitation emails, and only there", () => {
    const { WEB_PUBLIC_URL: _, ...without } = valid;
    expect(() => parseWorkerEnv(without)).toThrow(/WEB_PUBLIC_URL is not set/);
    expect(() => parseWorkerEnv({ ...without, WORKER_TASK_QUEUES: taskQueues.notify })).toThrow(
      /WEB_PUBLIC_URL/,
    );
    expect(parseWorkerEnv({ ...without, WORKER_TASK_QUEUES: taskQueues.ingest })).toMatchObject({
      WORKER_TASK_QUEUES: [taskQueues.ingest],
    });
    expect(() => parseWorkerEnv({ ...valid, WEB_PUBLIC_URL: 'javascript:alert(1)' })).toThrow(
      /WEB_PUBLIC_URL must be the http\(s\):\/\/ address of the dashboard/,
    );
    expect(parseWorkerEnv(valid).WEB_PUBLIC_URL).toBe('https://canopy.example.org');
  });

  it('takes an http:// egress proxy for webhooks, and nothing else there', () => {
    expect(parseWorkerEnv(valid).WEBHOOK_PROXY_URL).toBeUndefined();
    expect(
      parseWorkerEnv({ ...valid, WEBHOOK_PROXY_URL: 'http://egress-proxy.egress.svc:3128' })
        .WEBHOOK_PROXY_URL,
    ).toBe('http://egress-proxy.egress.svc:3128');
    for (const wrong of [
      'https://egress-proxy:3128',
      'socks5://egress-proxy:1080',
      'egress-proxy:3128',
      'http://egress-proxy:3128/path',
      'http://egress-proxy:3128?x=1',
    ]) {
      expect(() => parseWorkerEnv({ ...valid, WEBHOOK_PROXY_URL: wrong }), wrong).toThrow(
        /WEBHOOK_PROXY_URL must be/,
      );
    }
  });
});
