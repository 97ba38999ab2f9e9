import { Client } from 'minio';

/** An S3 client (MinIO or any S3-compatible store) from an endpoint URL such as http://127.0.0.1:9100. */
export function createObjectStoreClient(options: {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}): Client {
  const url = new URL(options.endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    region: options.region,
  });
}
