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

  it('charges audio at its own rates, cached tokens at the cached rate whatever they carry', () => {
    const audio = { ...price, inputAudio: 10, outputAudio: 20 };
    // 1M prompt: 300k cached, 500k audio (not cached), 200k text; 1M completion, 400k audio.
    const cost = costFromPrice(audio, {
      prompt: 1_000_000,
      completion: 1_000_000,
      cachedPrompt: 300_000,
      promptAudio: 500_000,
      completionAudio: 400_000,
    });
    expect(cost).toBeCloseTo(
      0.2 * 0.2 + 0.3 * 0.05 + 0.5 * 10 + 0.6 * 0.6 + 0.4 * 20,
      12,
    );
  });

  it('never counts more audio than the uncached prompt or the completion holds', () => {
    const audio = { input: 1, output: 1, inputAudio: 10, outputAudio: 10 };
    const cost = costFromPrice(audio, {
      prompt: 1_000_000,
      completion: 1_000_000,
      cachedPrompt: 600_000,
      promptAudio: 900_000,
      completionAudio: 5_000_000,
    });
    expect(cost).toBeCloseTo(0.6 * 1 + 0.4 * 10 + 1 * 10, 12);
  });

  it('cannot price audio without audio rates: null, never text rates', () => {
    expect(
      costFromPrice(price, { prompt: 10, completion: 0, promptAudio: 1 }),
    ).toBeNull();
    expect(
      costFromPrice(price, { prompt: 0, completion: 10, completionAudio: 1 }),
    ).toBeNull();
    expect(
      costFromPrice(price, { prompt: 10, completion: 0, promptAudio: 0 }),
    ).toBeCloseTo(10 * 0.2e-6, 15);
  });
});
