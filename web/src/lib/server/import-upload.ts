import type { CanopyClient } from '@canopy/client';
import { postToStore } from './store-upload.ts';

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

/** Asks for an upload form, posts the file through it and starts the import; returns its id. */
export async function uploadAndStart(
  imports: Pick<Imports, 'importUploadUrl' | 'importStart'>,
  file: File,
  fetchFn: typeof fetch = fetch,
): Promise<string> {
  const form = await imports.importUploadUrl.mutate({
    fileName: file.name,
    size: file.size,
  });
  const { importId } = form;
  // The form fixes the stored type (plain bytes); the browser's guess is not sent.
  // Wrapping the File re-types it without copying its bytes (up to 25 MB) again.
  const posted = await postToStore(form, new Blob([file]), file.name, fetchFn);
  if (!posted.ok) {
    throw new Error(`the object store refused the upload of import ${importId}: ${posted.status}`);
  }
  await imports.importStart.mutate({ importId });
  return importId;
}
