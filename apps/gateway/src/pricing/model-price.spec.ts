import { costFromPrice } from './model-price';

describe('costFromPrice', () => {
  const price = { input: 0.2, output: 0.6, cachedInput: 0.05 };

  it('charges uncached prompt, cached prompt and completion tokens at their rates', () => {
    // 1M prompt of which 400k cached, 500k completion.
    const cost = costFromPrice(price, {
      prompt: 1_000_000,
      completion: 500_000,
      cachedPrompt: 400_000,
    });
    expect(cost).toBeCloseTo(0.6 * 0.2 + 0.4 * 0.05 + 0.5 * 0.6, 12);
  });

  it('charges cached tokens at the input rate when no cached rate is set', () => {
    const cost = costFromPrice(
      { input: 1, output: 2 },
      { prompt: 1_000_000, completion: 0, cachedPrompt: 500_000 },
    );
    expect(cost).toBeCloseTo(1, 12);
  });

  it('takes missing counts as none and never more cached than prompt tokens', () => {
    expect(costFromPrice(price, { prompt: null, completion: null })).toBe(0);
    const capped = costFromPrice(price, {
      prompt: 1_000_000,
      completion: 0,
      cachedPrompt: 5_000_000,
    });
    expect(capped).toBeCloseTo(0.05, 12);
  });
});
