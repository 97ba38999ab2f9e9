/** An upload form from the API: the object store's URL and the signed policy's fields. */
export interface StoreUploadForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * Posts a file through an upload form (an S3 POST policy). The store itself
 * checks the policy: a file larger than declared or of another type is
 * refused there, before anything is stored. The file goes last, after the
 * fields, as S3 requires.
 */
export async function postToStore(
  form: StoreUploadForm,
  file: Blob,
  fileName: string,
  fetchFn: typeof fetch = fetch,
): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  body.append('file', file, fileName);
  return fetchFn(form.url, { method: 'POST', body });
}
