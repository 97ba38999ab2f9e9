import { Client, S3Error } from 'minio';
import { z } from 'zod';

export interface ObjectStoreConfig {
  /** S3 endpoint, e.g. http://127.0.0.1:9100 or https://s3.eu-west-1.amazonaws.com */
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  /** Where browsers reach the store, when it differs from `endpoint`; presigned URLs use it. */
  publicEndpoint?: string;
}

/** Where and how a browser or client uploads: POST `fields` plus the file (last) to `url`. */
export const ZPresignedPost = z.object({
  url: z.string(),
  fields: z.record(z.string(), z.string()),
});
export type PresignedPost = z.infer<typeof ZPresignedPost>;

export class ObjectStoreError extends Error {
  readonly code: 'bucket_missing' | 'object_missing' | 'unavailable';
  constructor(code: ObjectStoreError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Canopy's S3 access: presigned form uploads (POST policies) into a staging
 * key, server-side copies out of staging, reads for processing. Works with MinIO or any S3-compatible store.
 */
function clientFor(endpoint: string, config: ObjectStoreConfig) {
  const url = new URL(endpoint);
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    useSSL: url.protocol === 'https:',
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    region: config.region,
  });
}

export function createObjectStore(config: ObjectStoreConfig) {
  const client = clientFor(config.endpoint, config);
  // The host is part of a presigned URL's signature, so sign with the public one.
  const signer = config.publicEndpoint ? clientFor(config.publicEndpoint, config) : client;
  const knownBuckets = new Set<string>();

  async function requireBucket(bucket: string) {
    if (knownBuckets.has(bucket)) return;
    let exists: boolean;
    try {
      exists = await client.bucketExists(bucket);
    } catch (error) {
      throw new ObjectStoreError(
        'unavailable',
        `object store at ${config.endpoint} did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!exists) {
      throw new ObjectStoreError(
        'bucket_missing',
        `bucket "${bucket}" does not exist on ${config.endpoint}; create it (the local stack creates avatars, products, imports and reports) or fix the bucket setting`,
      );
    }
    knownBuckets.add(bucket);
  }

  return {
    /**
     * A form upload (S3 POST policy) of one object at bucket/key. The store
     * itself refuses a body outside [1, maxBytes] bytes, any other
     * Content-Type, any other key, and anything after the expiry: the
     * declared size and type are no longer the caller's word alone.
     */
    async presignPost(
      bucket: string,
      key: string,
      limits: { contentType: string; maxBytes: number; expiresInSeconds: number },
    ): Promise<PresignedPost> {
      await requireBucket(bucket);
      const policy = signer.newPostPolicy();
      policy.setBucket(bucket);
      policy.setKey(key);
      policy.setContentType(limits.contentType);
      policy.setContentLengthRange(1, limits.maxBytes);
      policy.setExpires(new Date(Date.now() + limits.expiresInSeconds * 1000));
      const { postURL, formData } = await signer.presignedPostPolicy(policy);
      return { url: postURL, fields: formData };
    },

    /**
     * A URL to read bucket/key. `serveAs` makes the store answer with that
     * Content-Type and Content-Disposition whatever the object's own metadata
     * says, so a stored object is never served as HTML or SVG.
     */
    async presignGet(
      bucket: string,
      key: string,
      expiresInSeconds = 300,
      serveAs?: { contentType: string; disposition: string },
    ): Promise<string> {
      await requireBucket(bucket);
      return signer.presignedGetObject(
        bucket,
        key,
        expiresInSeconds,
        serveAs
          ? {
              'response-content-type': serveAs.contentType,
              'response-content-disposition': serveAs.disposition,
            }
          : {},
      );
    },

    /** A server-side copy: the bytes never pass through the API. */
    async copy(bucket: string, fromKey: string, toKey: string) {
      await requireBucket(bucket);
      await client.copyObject(bucket, toKey, `/${bucket}/${fromKey}`);
    },

    async getObject(bucket: string, key: string): Promise<Buffer> {
      await requireBucket(bucket);
      try {
        const stream = await client.getObject(bucket, key);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      } catch (error) {
        if (error instanceof S3Error && error.code === 'NoSuchKey') {
          throw new ObjectStoreError('object_missing', `no object "${key}" in bucket "${bucket}"`);
        }
        throw error;
      }
    },

    /** Size and content type, or null when there is no such object. */
    async stat(bucket: string, key: string) {
      await requireBucket(bucket);
      try {
        const s = await client.statObject(bucket, key);
        return {
          size: s.size,
          contentType: (s.metaData['content-type'] as string | undefined) ?? null,
        };
      } catch (error) {
        if (error instanceof S3Error && (error.code === 'NotFound' || error.code === 'NoSuchKey')) {
          return null;
        }
        throw error;
      }
    },

    /** The first bytes of an object: enough to check what it really is. */
    async readHead(bucket: string, key: string, length = 16): Promise<Buffer> {
      await requireBucket(bucket);
      const stream = await client.getPartialObject(bucket, key, 0, length);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },

    async putObject(
      bucket: string,
      key: string,
      body: Buffer,
      contentType: string,
      headers: Record<string, string> = {},
    ) {
      await requireBucket(bucket);
      await client.putObject(bucket, key, body, body.length, {
        ...headers,
        'Content-Type': contentType,
      });
    },

    async remove(bucket: string, key: string) {
      await requireBucket(bucket);
      await client.removeObject(bucket, key);
    },

    /**
     * Deletes bucket/key and every earlier version of it: in a versioned
     * bucket a plain delete keeps the bytes. For uploads that were refused or
     * taken out of staging, which nobody should be able to restore.
     */
    async purge(bucket: string, key: string) {
      await requireBucket(bucket);
      await client.removeObject(bucket, key);
      const versions: { name: string; versionId: string }[] = [];
      const listing = client.listObjects(bucket, key, false, { IncludeVersion: true });
      for await (const item of listing) {
        const entry = item as { name?: string; versionId?: string };
        if (entry.name === key && entry.versionId && entry.versionId !== 'null') {
          versions.push({ name: key, versionId: entry.versionId });
        }
      }
      if (versions.length > 0) await client.removeObjects(bucket, versions);
    },
  };
}

export type ObjectStore = ReturnType<typeof createObjectStore>;
