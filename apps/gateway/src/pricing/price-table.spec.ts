import * as packagePrices from './package-prices';
import { PriceTable } from './price-table';
import { parsePrices } from './prices-file';

const MILLION = 1_000_000;
const filePrices = (content: Record<string, unknown>) =>
  parsePrices('/etc/gateway/prices.yaml', 'abcdef012345', content);

describe('PriceTable', () => {
  const table = new PriceTable({
    file: filePrices({
      'llama3.2:*': { input: 0, output: 0 },
      'my-vllm-model': { input: 0.2, output: 0.6, cached_input: 0.05 },
      'gpt-4o': { input: 1, output: 1 },
      'qwen*': { input: 1, output: 1 },
      'qwen2*': { input: 2, output: 2 },
      qwen2: { input: 3, output: 3 },
    }),
  });
  const usage = { prompt: MILLION, completion: MILLION };

  it('prices a model the file names, cached tokens at their rate', () => {
    const cost = table.costOf(
      'my-vllm-model',
      { prompt: MILLION, completion: MILLION, cachedPrompt: MILLION / 2 },
      false,
    );
    expect(cost.costUsd).toBeCloseTo(0.1 + 0.025 + 0.6, 12);
    expect(cost.estimated).toBe(false);
  });

  describe('with the model the backend named in its answer', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const cost = (asked: string, answered: string | null) =>
      table.costOf(asked, usage, false, at, answered).costUsd;
    const packageCost = (model: string) =>
      new PriceTable().costOf(model, usage, false, at).costUsd;

    it('prices a deployment name the table does not know by the model that answered', () => {
      expect(cost('my-azure-deployment', null)).toBeNull();
      expect(packageCost('gpt-4.1-mini-2025-04-14')).toBeGreaterThan(0);
      expect(cost('my-azure-deployment', 'gpt-4.1-mini-2025-04-14')).toBe(
        packageCost('gpt-4.1-mini-2025-04-14'),
      );
    });

    it("keeps the operator's price under either name first", () => {
      // gpt-4o is in the file at 1 + 1 per million each.
      expect(cost('gpt-4o', 'gpt-4o-2024-08-06')).toBeCloseTo(2, 12);
      expect(cost('my-azure-deployment', 'my-vllm-model')).toBeCloseTo(0.8, 12);
    });

    it('falls back to the asked model when the answering one has no price', () => {
      expect(cost('gpt-4.1-mini', 'some-internal-build')).toBe(
        packageCost('gpt-4.1-mini'),
      );
      expect(cost('nobody-prices-this', 'nor-this')).toBeNull();
    });
  });

  it('takes an explicit 0 as a price, and a model without one as unpriced', () => {
    expect(table.costOf('llama3.2:3b', usage, false)).toEqual({
      costUsd: 0,
      estimated: false,
    });
    expect(table.costOf('llama3.1:8b', usage, false)).toEqual({
      costUsd: null,
      estimated: false,
    });
    expect(table.costOf(null, usage, false).costUsd).toBeNull();
  });

  it('lets the file win over the package, names before globs, globs in file order', () => {
    expect(table.costOf('GPT-4o', usage, false).costUsd).toBe(2);
    expect(table.costOf('qwen2', usage, false).costUsd).toBe(6);
    expect(table.costOf('qwen2.5:7b', usage, false).costUsd).toBe(2);
  });

  it('prices models the package knows, cached prompt tokens included', () => {
    const bare = new PriceTable();
    const cost = bare.costOf(
      'gpt-4o',
      { prompt: MILLION, completion: MILLION, cachedPrompt: MILLION / 2 },
      false,
    );
    // gpt-4o: 2.50 input, 1.25 cached input, 10 output per million.
    expect(cost.costUsd).toBeCloseTo(1.25 + 0.625 + 10, 9);
  });

  it('marks a cost from estimated tokens as estimated, and never an unpriced one', () => {
    expect(table.costOf('my-vllm-model', usage, true)).toEqual({
      costUsd: 0.8,
      estimated: true,
    });
    expect(table.costOf('llama3.2:1b', usage, true)).toEqual({
      costUsd: 0,
      estimated: true,
    });
    expect(table.costOf('unknown-model', usage, true)).toEqual({
      costUsd: null,
      estimated: false,
    });
  });

  it("uses only the backend's prices when the backend is a known provider", () => {
    const openRouter = new PriceTable({
      backendUrl: 'https://openrouter.ai/api/v1',
    });
    const byName = new PriceTable({ backendUrl: 'http://localhost:11434' });
    expect(
      openRouter.costOf('openai/gpt-4o', usage, false).costUsd,
    ).toBeGreaterThan(0);
    expect(byName.costOf('openai/gpt-4o', usage, false).costUsd).toBeNull();
    const openAi = new PriceTable({ backendUrl: 'https://api.openai.com/v1' });
    expect(
      openAi.costOf('text-embedding-3-small', usage, false).costUsd,
    ).toBeCloseTo(0.02, 9);
    expect(openAi.version().provider).toBe('openai');
    expect(byName.version().provider).toBeNull();
  });

  it('looks each model up once', () => {
    const lookup = jest.spyOn(packagePrices, 'packagePriceOf');
    const fresh = new PriceTable({ cacheSize: 2 });
    for (let i = 0; i < 3; i++) {
      fresh.costOf('gpt-4o-mini', usage, false);
      fresh.costOf('not-a-model', usage, false);
    }
    expect(lookup).toHaveBeenCalledTimes(2);
    fresh.costOf('o3-mini', usage, false);
    fresh.costOf('gpt-4o-mini', usage, false); // evicted by the third model
    expect(lookup).toHaveBeenCalledTimes(4);
    lookup.mockRestore();
  });

  it('tells which prices it uses', () => {
    expect(table.version()).toEqual({
      package: packagePrices.packageVersion(),
      provider: null,
      file: { path: '/etc/gateway/prices.yaml', sha256: 'abcdef012345' },
    });
    expect(new PriceTable().version().file).toBeNull();
    expect(packagePrices.packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
