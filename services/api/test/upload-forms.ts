// Uploads as a browser or client makes them: a multipart POST of the upload
// form's fields and then the file, to the form's URL on the object store.
import { crc32, deflateSync } from 'node:zlib';

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/**
 * Posts `body` through an upload form. `contentType` overrides the form's own
 * Content-Type field (to see the store refuse it); the answer is the store's.
 */
export function postUpload(
  form: UploadForm,
  body: Buffer | string,
  options: { contentType?: string; fileName?: string } = {},
): Promise<Response> {
  const data = new FormData();
  for (const [name, value] of Object.entries(form.fields)) {
    data.append(name, name === 'Content-Type' ? (options.contentType ?? value) : value);
  }
  const type = options.contentType ?? form.fields['Content-Type'] ?? 'application/octet-stream';
  data.append('file', new Blob([body], { type }), options.fileName ?? 'upload');
  return fetch(form.url, { method: 'POST', body: data });
}

function chunk(type: string, data: Buffer) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG (RFC 2083: signature, IHDR, zlib-compressed IDAT, IEND), `shade` tints it. */
export function realPng(width = 40, height = 30, shade = 90) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit truecolour, no interlace
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x++)
      rows.set([(x * 6) % 256, (y * 8) % 256, shade], row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Right magic bytes, no picture behind them. */
export const fakePng = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

/** The size and colour of a PNG's IHDR: enough to tell two pictures apart without a decoder. */
export function pngHeader(bytes: Buffer) {
  return {
    signature: bytes.subarray(0, 8).toString('hex'),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
  };
}
