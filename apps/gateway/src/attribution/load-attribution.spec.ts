import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAttribution } from './load-attribution';

const dir = mkdtempSync(join(tmpdir(), 'load-attribution-'));
const config = {
  recordUser: true,
  apiKeyHashSecret: 'a-long-enough-secret',
  apiKeyNamesFile: undefined,
  pricesFile: undefined,
};

describe('loadAttribution', () => {
  it('keys fingerprints with the secret and names them from the file', () => {
    const key = 'sk-test-key';
    const probe = loadAttribution(config);
    const id = probe.options.fingerprinter.fingerprint(key);
    const names = join(dir, 'names.yaml');
    writeFileSync(names, `"${id}": search team\n`);
    const loaded = loadAttribution({ ...config, apiKeyNamesFile: names });
    expect(loaded.keyNames.get(id)).toBe('search team');
    expect(loaded.options.recordUser).toBe(true);
    expect(
      loadAttribution({
        ...config,
        apiKeyHashSecret: undefined,
      }).options.fingerprinter.fingerprint(key),
    ).not.toBe(id);
  });

  it('stops start-up on a bad names file, naming it', () => {
    const names = join(dir, 'bad-names.json');
    writeFileSync(names, '{"not-an-id": "x"}');
    expect(() =>
      loadAttribution({ ...config, apiKeyNamesFile: names }),
    ).toThrow(/API_KEY_NAMES \(.*bad-names\.json\): entry 1/);
  });
});
