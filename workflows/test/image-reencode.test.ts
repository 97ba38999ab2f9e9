// What the API stores for an uploaded picture: only re-encoded pixels, in the
// type the bytes decoded as. Markup riding along in a file never survives.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { NotAPictureError, pictureTypeOfKey, reencodePicture } from '../src/image-reencode.ts';

const picture = (format: 'png' | 'jpeg' | 'webp') =>
  sharp({ create: { width: 12, height: 8, channels: 3, background: { r: 40, g: 120, b: 60 } } })
    .toFormat(format)
    .toBuffer();

describe('reencodePicture', () => {
  it('writes each accepted type back as itself, same size', async () => {
    for (const [format, type] of [
      ['png', 'image/png'],
      ['jpeg', 'image/jpeg'],
      ['webp', 'image/webp'],
    ] as const) {
      const out = await reencodePicture(await picture(format));
      expect(out).toMatchObject({ type, width: 12, height: 8 });
      expect((await sharp(out.data).metadata()).format).toBe(format);
    }
  });

  it('drops markup appended to a real picture (a PNG/HTML polyglot)', async () => {
    const polyglot = Buffer.concat([
      await picture('png'),
      Buffer.from('<html><script>alert(1)</script></html>'),
    ]);
    const out = await reencodePicture(polyglot);
    expect(out.data.toString('latin1')).not.toContain('<script>');
  });

  it('keeps none of the metadata a picture carried, markup included', async () => {
    const tagged = await sharp(await picture('jpeg'))
      .withExifMerge({ IFD0: { ImageDescription: '<script>alert(1)</script>' } })
      .jpeg()
      .toBuffer();
    expect(tagged.toString('latin1')).toContain('<script>');
    const out = await reencodePicture(tagged);
    expect(out.data.toString('latin1')).not.toContain('<script>');
    expect((await sharp(out.data).metadata()).exif).toBeUndefined();
  });

  it('applies the EXIF orientation, so a turned photo keeps its turned size', async () => {
    const turned = await sharp(await picture('jpeg'))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const out = await reencodePicture(turned);
    expect(out).toMatchObject({ type: 'image/jpeg', width: 8, height: 12 });
    expect(await sharp(out.data).metadata()).toMatchObject({ width: 8, height: 12 });
  });

  it('refuses a picture cut short', async () => {
    const whole = await sharp({
      create: { width: 64, height: 64, channels: 3, background: { r: 1, g: 2, b: 3 } },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    await expect(reencodePicture(whole.subarray(0, whole.length / 2))).rejects.toBeInstanceOf(
      NotAPictureError,
    );
  });

  it('refuses SVG, HTML and bytes that only start like a picture', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>alert(1)</script></svg>',
    );
    const fakePng = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 7),
    ]);
    for (const bytes of [svg, Buffer.from('<!doctype html><p>hi'), fakePng]) {
      await expect(reencodePicture(bytes)).rejects.toBeInstanceOf(NotAPictureError);
    }
  });

  it('names the type a stored key is served as', () => {
    expect(pictureTypeOfKey('u/a.png')).toBe('image/png');
    expect(pictureTypeOfKey('u/a.JPG')).toBe('image/jpeg');
    expect(pictureTypeOfKey('u/a-64.webp')).toBe('image/webp');
    expect(pictureTypeOfKey('u/a.svg')).toBeNull();
  });
});
