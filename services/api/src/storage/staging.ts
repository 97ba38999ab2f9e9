// Uploads land under a staging prefix and are copied (files) or re-encoded
// (pictures) to their final key when confirmed, then deleted from staging.
// An upload form still valid after that only writes a staging object that
// nothing reads: it cannot change what was confirmed.

/** Prefix of every object a browser or client writes through an upload form. */
export const STAGING_PREFIX = 'staging/';

/** A picture upload form lasts five minutes: plenty for 5 MB. */
export const UPLOAD_FORM_SECONDS = 300;

export const stagingKeyOf = (finalKey: string) => `${STAGING_PREFIX}${finalKey}`;
