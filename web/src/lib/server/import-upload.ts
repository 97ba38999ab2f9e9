import type { CanopyClient } from '@canopy/client';

type Imports = Pick<CanopyClient['training'], 'importUploadUrl' | 'importStart' | 'importStatus'>;

/**
 * The training and carbon routers expose the same three import procedures.
 * The file passes through this server on its way to the bucket rather than
 * going from the browser to the presigned URL: the object store need not be
 * reachable from members' browsers nor allow their origin (CORS), the page's
 * connect-src stays 'self', and the upload works as a plain form post too.
 */
export function importsOf(api: CanopyClient, kind: 'training' | 'carbon'): Imports {
  return api[kind];
}

/** Asks for an upload URL, PUTs the file there and starts the import; returns its id. */
export async function uploadAndStart(
  imports: Pick<Imports, 'importUploadUrl' | 'importStart'>,
  file: File,
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const { importId, url } = await imports.importUploadUrl.mutate({
    fileName: file.name,
    size: file.size,
  });
  const put = await fetchFn(url, { method: 'PUT', body: await file.arrayBuffer() });
  if (!put.ok) {
    throw new Error(`the object store refused the upload of import ${importId}: ${put.status}`);
  }
  await imports.importStart.mutate({ importId });
  return importId;
}
