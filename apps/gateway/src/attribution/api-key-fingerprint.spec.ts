import { createHash, createHmac } from 'node:crypto';
import { ApiKeyFingerprinter, apiKeyOf } from './api-key-fingerprint';

const KEY = 'sk-proj-RAWSECRETKEY0123456789abcdef';

describe('apiKeyOf', () => {
  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(apiKeyOf({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(apiKeyOf({ authorization: `bearer  ${KEY} ` })).toBe(KEY);
  });

  it("reads a browser's WebSocket key from its openai-insecure-api-key subprotocol", () => {
    expect(
      apiKeyOf({
        'sec-websocket-protocol': `realtime, openai-insecure-api-key.${KEY}, openai-beta.realtime-v1`,
      }),
    ).toBe(KEY);
    expect(
      apiKeyOf({
        authorization: 'Bearer other',
        'sec-websocket-protocol': `openai-insecure-api-key.${KEY}`,
      }),
    ).toBe('other');
  });

  it('falls back to the api-key header that Azure clients send', () => {
    expect(apiKeyOf({ 'api-key': KEY })).toBe(KEY);
    expect(
      apiKeyOf({ authorization: 'Basic dXNlcjpwdw==', 'api-key': KEY }),
    ).toBe(KEY);
  });

  it('finds none without either header, or with another scheme only', () => {
    expect(apiKeyOf({})).toBeNull();
    expect(apiKeyOf({ 'sec-websocket-protocol': 'realtime' })).toBeNull();
    expect(apiKeyOf({ authorization: 'Basic dXNlcjpwdw==' })).toBeNull();
    expect(apiKeyOf({ authorization: 'Bearer' })).toBeNull();
    expect(apiKeyOf({ 'api-key': '  ' })).toBeNull();
  });
});

describe('ApiKeyFingerprinter', () => {
  it('is the first 16 hex digits of HMAC-SHA-256 keyed with the secret', () => {
    const expected = createHmac('sha256', 's3cret').update(KEY).digest('hex');
    expect(new ApiKeyFingerprinter('s3cret').fingerprint(KEY)).toBe(
      expected.slice(0, 16),
    );
  });

  it('is plain SHA-256 without a secret', () => {
    const expected = createHash('sha256').update(KEY).digest('hex');
    expect(new ApiKeyFingerprinter(undefined).fingerprint(KEY)).toBe(
      expected.slice(0, 16),
    );
    expect(new ApiKeyFingerprinter('').fingerprint(KEY)).toBe(
      expected.slice(0, 16),
    );
  });

  it('gives different ids for different keys and secrets', () => {
    const a = new ApiKeyFingerprinter('one');
    expect(a.fingerprint(KEY)).not.toBe(a.fingerprint(`${KEY}x`));
    expect(a.fingerprint(KEY)).not.toBe(
      new ApiKeyFingerprinter('two').fingerprint(KEY),
    );
  });

  it('answers repeated keys from its cache with the same id', () => {
    const fingerprinter = new ApiKeyFingerprinter('s3cret', 2);
    const hash = jest.spyOn(fingerprinter, 'hash');
    const first = fingerprinter.fingerprint(KEY);
    expect(fingerprinter.fingerprint(KEY)).toBe(first);
    expect(hash).toHaveBeenCalledTimes(1);
    fingerprinter.fingerprint('k2');
    fingerprinter.fingerprint('k3'); // evicts KEY
    expect(fingerprinter.fingerprint(KEY)).toBe(first);
    expect(hash).toHaveBeenCalledTimes(4);
  });

  it('gives the id of the request key, or null', () => {
    const fingerprinter = new ApiKeyFingerprinter(undefined);
    expect(fingerprinter.idOf({ authorization: `Bearer ${KEY}` })).toMatch(
      /^[0-9a-f]{16}$/,
    );
    expect(fingerprinter.idOf({})).toBeNull();
  });
});
