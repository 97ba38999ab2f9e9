// Decoding and re-encoding uploaded pictures, shared by the API (which
// re-encodes an upload when it is confirmed, before anyone can fetch it) and
// the image activities (which make thumbnails). Only pixels survive: what a
// browser could read as markup, script or metadata is never written back.
import sharp from 'sharp';

/** The picture types Canopy accepts and serves. */
export const pictureTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type PictureType = (typeof pictureTypes)[number];

/** Uploaded pictures are capped at 5 MB. */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** Decoding a picture of more pixels than this is refused (a decompression bomb). */
export const PICTURE_MAX_PIXELS = 40_000_000;

const formats: Record<string, PictureType> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

const extensions: Record<PictureType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

export const pictureExtension = (type: PictureType) => extensions[type];

/** The picture type a key's extension names, or null: how a stored picture is served. */
export function pictureTypeOfKey(key: string): PictureType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  if (ext === 'jpeg') return 'image/jpeg';
  return pictureTypes.find((t) => extensions[t] === ext) ?? null;
}

export class NotAPictureError extends Error {}

// The signature check runs before any decoder sees the bytes, so libvips never
// picks its SVG, PDF, TIFF or HEIF loaders for a file we would not serve.
function signatureOf(bytes: Buffer): PictureType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

/**
 * Decodes `bytes` in full and returns the raw pixels (EXIF orientation
 * applied) with the type they were decoded as. Throws NotAPictureError for
 * anything that is not a whole PNG, JPEG or WebP within the pixel limit.
 */
export async function decodePicture(bytes: Buffer) {
  const signed = signatureOf(bytes);
  if (!signed) throw new NotAPictureError('not a PNG, JPEG or WebP image');
  try {
    // failOn 'error' rejects truncated and corrupt data, not merely odd metadata.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: PICTURE_MAX_PIXELS });
    const { format } = await image.metadata();
    const type = format ? formats[format] : undefined;
    if (!type) throw new NotAPictureError('not a PNG, JPEG or WebP image');
    const decoded = await image.rotate().raw().toBuffer({ resolveWithObject: true });
    const { width, height, channels } = decoded.info;
    return { type, pixels: decoded.data, width, height, channels };
  } catch (error) {
    if (error instanceof NotAPictureError) throw error;
    throw new NotAPictureError(
      `not a readable image: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The picture decoded and written again in the type it was decoded as, with
 * no metadata: the only bytes Canopy ever serves for an upload.
 */
export async function reencodePicture(bytes: Buffer) {
  const { type, pixels, width, height, channels } = await decodePicture(bytes);
  const image = sharp(pixels, { raw: { width, height, channels } });
  const data =
    type === 'image/png'
      ? await image.png().toBuffer()
      : type === 'image/jpeg'
        ? await image.jpeg({ quality: 90 }).toBuffer()
        : await image.webp({ quality: 90 }).toBuffer();
  return { type, data, width, height };
}
