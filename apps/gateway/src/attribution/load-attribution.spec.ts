import { loadAttribution } from './load-attribution';

const config = {
  recordUser: true,
  apiKeyHashSecret: 'a-long-enough-secret',
  apiKeyNamesFile: undefined,
  pricesFile: undefined,
};

describe('loadAttribution', () => {
  it('keys fingerprints with the secret, and plain SHA-256 without one', () => {
    const key = 'sk-test-key';
    const keyed = loadAttribution(config);
    const id = keyed.fingerprinter.fingerprint(key);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(keyed.recordUser).toBe(true);
    expect(
      loadAttribution({
        ...config,
        apiKeyHashSecret: undefined,
      }).fingerprinter.fingerprint(key),
    ).not.toBe(id);
  });
});
