import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPriceTable } from './load-price-table';

const dir = mkdtempSync(join(tmpdir(), 'load-price-table-'));

describe('loadPriceTable', () => {
  it('loads the prices file, which then wins', () => {
    const prices = join(dir, 'prices.json');
    writeFileSync(prices, '{"gpt-4o": {"input": 0, "output": 0}}');
    const table = loadPriceTable(
      { pricesFile: prices },
      'https://api.openai.com/v1',
    );
    const usage = { prompt: 1000, completion: 1000 };
    expect(table.costOf('gpt-4o', usage, false).costUsd).toBe(0);
    expect(table.version().file?.path).toBe(prices);
    expect(
      loadPriceTable(
        { pricesFile: undefined },
        'https://api.openai.com/v1',
      ).costOf('gpt-4o', usage, false).costUsd,
    ).toBeGreaterThan(0);
  });

  it('stops start-up on a bad prices file, naming it, the key and the problem', () => {
    const prices = join(dir, 'bad-prices.yaml');
    writeFileSync(prices, 'my-model:\n  input: free\n  output: 0\n');
    expect(() =>
      loadPriceTable({ pricesFile: prices }, 'http://localhost:11434'),
    ).toThrow(
      /PRICES_FILE \(.*bad-prices\.yaml\): "my-model"\.input must be a number/,
    );
  });
});
