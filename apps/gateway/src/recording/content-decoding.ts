import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

type Decompress = (
  body: Buffer,
  options: { maxOutputLength: number },
) => Buffer;

/** The codings servers compress JSON with; `x-gzip` is gzip's old name (RFC 9110 §8.4.1.3). */
const DECOMPRESSORS: ReadonlyMap<string, Decompress> = new Map([
  ['gzip', gunzipSync],
  ['x-gzip', gunzipSync],
  ['deflate', inflateSync],
  ['br', brotliDecompressSync],
]);

const decompressorFor = (encoding: string) =>
  DECOMPRESSORS.get(encoding.trim().toLowerCase());

/** Whether a body sent with this Content-Encoding can be read: none, identity or a known coding. */
export function isReadableEncoding(encoding: string | undefined): boolean {
  return !encoding || encoding === 'identity' || !!decompressorFor(encoding);
}

/**
 * The body without its content coding. Null when it is corrupt or would decode to more than
 * `limit` bytes: then nothing can be learnt from it, which is not the backend's fault.
 */
export function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  limit: number,
): Buffer | null {
  const decompress = encoding ? decompressorFor(encoding) : undefined;
  if (!decompress) return body;
  try {
    return decompress(body, { maxOutputLength: limit });
  } catch {
    return null;
  }
}
