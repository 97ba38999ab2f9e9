// Decoding and re-encoding uploaded pictures, shared by the API (which
// re-encodes an upload when it is confirmed, before anyone can fetch it) and
// the image activities (which make thumbnails). Only pixels survive: what a
// browser could read as markup, script or metadata is never written back.
import type { Sharp } from 'sharp';
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
 * Runs `finish` on the picture in `bytes`, oriented by its EXIF tag, after
 * checking it is a PNG, JPEG or WebP within the pixel limit; any decoding
 * failure (truncated or corrupt data) becomes a NotAPictureError.
 */
async function withPicture<T>(
  bytes: Buffer,
  finish: (image: Sharp, type: PictureType) => Promise<T>,
): Promise<T> {
  if (!signatureOf(bytes)) throw new NotAPictureError('not a PNG, JPEG or WebP image');
  try {
    // failOn 'error' rejects truncated and corrupt data, not merely odd metadata.
    const image = sharp(bytes, { failOn: 'error', limitInputPixels: PICTURE_MAX_PIXELS });
    const { format } = await image.metadata();
    const type = format ? formats[format] : undefined;
    if (!type) throw new NotAPictureError('not a PNG, JPEG or WebP image');
    return await finish(image.rotate(), type);
  } catch (error) {
    if (error instanceof NotAPictureError) throw error;
    throw new NotAPictureError(
      `not a readable image: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Decodes `bytes` in full and returns the raw pixels (EXIF orientation
 * applied) with the type they were decoded as. Throws NotAPictureError for
 * anything that is not a whole PNG, JPEG or WebP within the pixel limit.
 */
export function decodePicture(bytes: Buffer) {
  return withPicture(bytes, async (image, type) => {
    const decoded = await image.raw().toBuffer({ resolveWithObject: true });
    const { width, height, channels } = decoded.info;
    return { type, pixels: decoded.data, width, height, channels };
  });
}

/**
 * The picture decoded and written again in the type it was decoded as, with
 * no metadata: the only bytes Canopy ever serves for an upload. One libvips
 * pipeline from file to file, never the whole picture as raw pixels: the API
 * runs this on a confirm, and a 5 MB upload can hold 40 million pixels.
 */
export function reencodePicture(bytes: Buffer) {
  return withPicture(bytes, async (image, type) => {
    const encoder =
      type === 'image/png'
        ? image.png()
        : type === 'image/jpeg'
          ? image.jpeg({ quality: 90 })
          : image.webp({ quality: 90 });
    const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
    return { type, data, width: info.width, height: info.height };
  });
}
