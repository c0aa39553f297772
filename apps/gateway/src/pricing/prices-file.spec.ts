import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPricesFile } from './prices-file';

const dir = mkdtempSync(join(tmpdir(), 'prices-file-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    typeof content === 'string' ? content : JSON.stringify(content),
  );
  return path;
}
const loadBad = (content: unknown) => () =>
  loadPricesFile(file('bad.json', content));

describe('loadPricesFile', () => {
  it('reads names and globs with their prices from JSON', () => {
    const prices = loadPricesFile(
      file('prices.json', {
        'llama3.2:*': { input: 0, output: 0 },
        'My-Vllm-Model': { input: 0.2, output: 0.6, cached_input: 0.05 },
      }),
    );
    expect(prices.exact.get('my-vllm-model')).toEqual({
      input: 0.2,
      output: 0.6,
      cachedInput: 0.05,
    });
    expect(prices.globs).toHaveLength(1);
    expect(prices.globs[0].price).toEqual({ input: 0, output: 0 });
    expect(prices.digest).toMatch(/^[0-9a-f]{12}$/);
  });

  it('reads audio rates, for Realtime models', () => {
    const prices = loadPricesFile(
      file('audio.json', {
        'my-realtime': {
          input: 1,
          output: 2,
          input_audio: 10,
          output_audio: 20,
        },
      }),
    );
    expect(prices.exact.get('my-realtime')).toEqual({
      input: 1,
      output: 2,
      inputAudio: 10,
      outputAudio: 20,
    });
    expect(loadBad({ m: { input: 1, output: 1, output_audio: -1 } })).toThrow(
      /"m"\.output_audio must be a number of USD per million tokens/,
    );
  });

  it('reads the same from YAML', () => {
    const prices = loadPricesFile(
      file(
        'prices.yaml',
        '"llama3.2:*": {input: 0, output: 0}\nmy-model:\n  input: 1\n  output: 2\n',
      ),
    );
    expect(prices.exact.get('my-model')).toEqual({ input: 1, output: 2 });
    expect(prices.globs[0].pattern.test('llama3.2:1b')).toBe(true);
  });

  it('gives another digest when the content changes', () => {
    const a = loadPricesFile(file('a.json', { m: { input: 1, output: 1 } }));
    const b = loadPricesFile(file('b.json', { m: { input: 1, output: 2 } }));
    expect(a.digest).not.toBe(b.digest);
  });

  it('names the file, the key and the problem', () => {
    expect(loadBad({ m: { input: 1 } })).toThrow(
      /PRICES_FILE \(.*bad\.json\): "m"\.output must be a number of USD per million tokens/,
    );
    expect(loadBad({ m: { input: -1, output: 1 } })).toThrow(
      /"m"\.input must be/,
    );
    expect(loadBad({ m: { input: '0.2', output: 1 } })).toThrow(
      /"m"\.input must be/,
    );
    expect(loadBad({ m: { input: 1, output: 1, cached_input: null } })).toThrow(
      /"m"\.cached_input must be/,
    );
    // A price per token given as per million tokens.
    expect(loadBad({ m: { input: 1, output: 20_000 } })).toThrow(
      /"m"\.output must be a number of USD per million tokens, from 0 to 10000/,
    );
    expect(loadBad({ m: { input: 1, ouput: 1 } })).toThrow(
      /"m" has an unknown field "ouput" \(input, output, cached_input, input_audio, output_audio\)/,
    );
    expect(loadBad({ m: 0.2 })).toThrow(/"m" must be an object/);
    expect(loadBad({ '': { input: 1, output: 1 } })).toThrow(
      /a model name is empty/,
    );
    expect(
      loadBad({
        'GPT-4': { input: 1, output: 1 },
        'gpt-4': { input: 1, output: 1 },
      }),
    ).toThrow(/"gpt-4" repeats "GPT-4"/);
  });

  it('fails naming the file when it is missing or does not parse', () => {
    expect(() => loadPricesFile(join(dir, 'none.yaml'))).toThrow(
      /PRICES_FILE \(.*none\.yaml\): cannot be read/,
    );
    expect(loadBad('{"m": {')).toThrow(/is not valid JSON/);
    expect(() => loadPricesFile(file('bad.yaml', 'm: {input: 1\n'))).toThrow(
      /bad\.yaml\): is not valid YAML/,
    );
    expect(loadBad('[1, 2]')).toThrow(/must hold an object at its top level/);
  });
});
