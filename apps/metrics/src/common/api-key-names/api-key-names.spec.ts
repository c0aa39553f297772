import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadApiKeyNames } from './api-key-names';

const dir = mkdtempSync(join(tmpdir(), 'api-key-names-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadApiKeyNames', () => {
  it('reads fingerprints to names from JSON', () => {
    const path = file('names.json', '{"0123456789abcdef": "search team"}');
    expect([...loadApiKeyNames(path)]).toEqual([
      ['0123456789abcdef', 'search team'],
    ]);
  });

  it('reads fingerprints to names from YAML', () => {
    const path = file(
      'names.yaml',
      '"0123456789abcdef": search team\nfedcba9876543210: batch jobs\n',
    );
    expect(loadApiKeyNames(path).get('fedcba9876543210')).toBe('batch jobs');
  });

  it('keeps unquoted all-digit ids in YAML as written', () => {
    // As a YAML number, 9007199254740993 would come back as ...992.
    const path = file('digits.yaml', '9007199254740993: digits only\n');
    expect([...loadApiKeyNames(path)]).toEqual([
      ['9007199254740993', 'digits only'],
    ]);
  });

  it('fails naming the file when it is missing or does not parse', () => {
    expect(() => loadApiKeyNames(join(dir, 'missing.json'))).toThrow(
      /API_KEY_NAMES \(.*missing\.json\): cannot be read/,
    );
    const bad = file('bad.json', '{"0123456789abcdef": ');
    expect(() => loadApiKeyNames(bad)).toThrow(
      /bad\.json\): is not valid JSON/,
    );
    const list = file('list.yaml', '- a\n- b\n');
    expect(() => loadApiKeyNames(list)).toThrow(/must hold an object/);
  });

  it('refuses a name that is not a non-empty string', () => {
    const path = file('empty.json', '{"0123456789abcdef": ""}');
    expect(() => loadApiKeyNames(path)).toThrow(
      /empty\.json\): the name of "0123456789abcdef" must be a non-empty string/,
    );
  });

  it('refuses a raw key in place of an id without repeating it', () => {
    const rawKey = 'sk-live-SHOULDNEVERBEPRINTED';
    const path = file('raw.json', JSON.stringify({ [rawKey]: 'oops' }));
    let message = '';
    try {
      loadApiKeyNames(path);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/entry 1 is not keyed by a key id/);
    expect(message).not.toContain(rawKey);
  });
});
