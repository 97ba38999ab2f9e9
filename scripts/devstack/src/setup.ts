import pg from 'pg';
import { Client as MinioClient } from 'minio';
import type { StackConfig } from './config.ts';
import { buckets, devCredentials } from './config.ts';

/** Creates the application database once; later starts find it there. */
export async function ensureDatabase(
  cfg: StackConfig,
  name: string = devCredentials.postgres.database,
) {
  const client = new pg.Client({
    host: cfg.host,
    port: cfg.ports.postgres.port,
    user: devCredentials.postgres.user,
    password: devCredentials.postgres.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export function minioClient(cfg: StackConfig) {
  return new MinioClient({
    endPoint: cfg.host,
    port: cfg.ports.minio.port,
    useSSL: false,
    accessKey: devCredentials.minio.accessKey,
    secretKey: devCredentials.minio.secretKey,
    region: 'us-east-1',
  });
}

/** Buckets whose uploads land under staging/ first (see docs/deploy.md). */
const stagedUploads = new Set<string>(['avatars', 'products', 'imports']);

export async function ensureBuckets(cfg: StackConfig) {
  const client = minioClient(cfg);
  for (const bucket of buckets) {
    if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket, 'us-east-1');
    // What a deployment's store does too: uploads never confirmed go after a day.
    if (stagedUploads.has(bucket)) {
      await client.setBucketLifecycle(bucket, {
        Rule: [
          {
            ID: 'expire-staging',
            Status: 'Enabled',
            Filter: { Prefix: 'staging/' },
            Expiration: { Days: 1 },
            NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          },
        ],
      });
    }
  }
}
