import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeBody, isReadableEncoding } from './content-decoding';

const JSON_BODY = Buffer.from('{"usage":{"prompt_tokens":3}}');

describe('isReadableEncoding', () => {
  it.each([
    undefined,
    '',
    'identity',
    'gzip',
    'x-gzip',
    'deflate',
    'br',
    ' GZIP ',
  ])('reads %p', (encoding) => {
    expect(isReadableEncoding(encoding)).toBe(true);
  });

  it.each(['zstd', 'compress', 'gzip, br'])('does not read %p', (encoding) => {
    expect(isReadableEncoding(encoding)).toBe(false);
  });
});

describe('decodeBody', () => {
  it.each([
    ['gzip', gzipSync(JSON_BODY)],
    ['x-gzip', gzipSync(JSON_BODY)],
    ['deflate', deflateSync(JSON_BODY)],
    ['br', brotliCompressSync(JSON_BODY)],
  ])('decodes %s', (encoding, encoded) => {
    expect(decodeBody(encoded, encoding, 1024)).toEqual(JSON_BODY);
  });

  it('returns a body without a coding as it is', () => {
    expect(decodeBody(JSON_BODY, undefined, 1024)).toBe(JSON_BODY);
    expect(decodeBody(JSON_BODY, 'identity', 1024)).toBe(JSON_BODY);
  });

  it('gives up on a corrupt body', () => {
    expect(decodeBody(JSON_BODY, 'gzip', 1024)).toBeNull();
  });

  it('gives up on a body that decodes past the limit', () => {
    const large = gzipSync(Buffer.alloc(4096, 'x'));
    expect(decodeBody(large, 'gzip', 1024)).toBeNull();
    expect(decodeBody(large, 'gzip', 4096)).toHaveLength(4096);
  });
});
