import { calcPrice } from '@pydantic/genai-prices';
import { costFromPrice } from './model-price';
import {
  packagePriceOf,
  packageVersion,
  type PriceLookup,
  providerOfBackend,
} from './package-prices';

const at = new Date('2026-06-01T12:00:00Z');
const costWith = (
  lookup: PriceLookup,
  usage: Parameters<typeof costFromPrice>[1],
) =>
  'rates' in lookup
    ? costFromPrice(lookup.rates, usage)
    : lookup.calculate(usage, at);

describe('packagePriceOf', () => {
  const usages = [
    { prompt: 0, completion: 0, cachedPrompt: 0 },
    { prompt: 1234, completion: 567, cachedPrompt: 0 },
    { prompt: 300_000, completion: 20_000, cachedPrompt: 250_000 },
  ];

  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'claude-3-5-sonnet-20241022',
    'deepseek-chat',
    'mistral-large-latest',
    'gpt-5.4',
    'o3',
  ])('prices %s as the package does', (model) => {
    const lookup = packagePriceOf(model, undefined)!;
    expect(lookup).not.toBeNull();
    for (const usage of usages) {
      const expected = calcPrice(
        {
          input_tokens: usage.prompt,
          output_tokens: usage.completion,
          cache_read_tokens: usage.cachedPrompt,
        },
        model,
        { timestamp: at },
      )!.total_price;
      expect(costWith(lookup, usage)).toBeCloseTo(expected, 12);
    }
  });

  it('reads flat rates once, and leaves tiered prices to the package', () => {
    expect(packagePriceOf('gpt-4o', undefined)).toEqual({
      rates: { input: 2.5, output: 10, cachedInput: 1.25 },
    });
    expect(packagePriceOf('gpt-5.4', undefined)).toHaveProperty('calculate');
  });

  it('prices audio tokens at the audio rates of a Realtime model, as the package does', () => {
    const lookup = packagePriceOf('gpt-realtime', 'openai')!;
    expect(lookup).toHaveProperty('rates.inputAudio', 32);
    expect(lookup).toHaveProperty('rates.outputAudio', 64);
    // 1,000 prompt tokens: 200 cached, 500 audio; 800 completion tokens, 600 audio.
    const usage = {
      prompt: 1000,
      completion: 800,
      cachedPrompt: 200,
      promptAudio: 500,
      completionAudio: 600,
    };
    const expected = calcPrice(
      {
        input_tokens: 1000,
        output_tokens: 800,
        cache_read_tokens: 200,
        cache_audio_read_tokens: 0,
        input_audio_tokens: 500,
        output_audio_tokens: 600,
      },
      'gpt-realtime',
      { providerId: 'openai', timestamp: at },
    )!.total_price;
    expect(costWith(lookup, usage)).toBeCloseTo(expected, 12);
    expect(costWith(lookup, usage)).toBeCloseTo(
      (300 * 4 + 200 * 0.4 + 500 * 32 + 200 * 16 + 600 * 64) / 1e6,
      12,
    );
  });

  it('leaves audio unpriced for a model without audio rates (the package would charge text rates)', () => {
    const lookup = packagePriceOf('gpt-4o', undefined)!;
    expect(
      costWith(lookup, { prompt: 100, completion: 10, promptAudio: 50 }),
    ).toBeNull();
    expect(
      costWith(lookup, { prompt: 100, completion: 10, completionAudio: 5 }),
    ).toBeNull();
    expect(costWith(lookup, { prompt: 100, completion: 10 })).toBeCloseTo(
      (100 * 2.5 + 10 * 10) / 1e6,
      12,
    );
  });

  it('finds nothing for models the package does not know', () => {
    expect(packagePriceOf('llama3.2:3b', undefined)).toBeNull();
    expect(packagePriceOf('gpt-4o', 'no-such-provider')).toBeNull();
  });

  it('recognises known providers by their API URL only', () => {
    expect(providerOfBackend('https://api.openai.com/v1')).toBe('openai');
    expect(providerOfBackend('https://openrouter.ai/api/v1')).toBe(
      'openrouter',
    );
    expect(providerOfBackend('http://localhost:11434')).toBeUndefined();
    expect(providerOfBackend(undefined)).toBeUndefined();
  });

  it('reads its own version', () => {
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
