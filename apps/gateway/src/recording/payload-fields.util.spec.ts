import { readUsage } from './payload-fields.util';

describe('readUsage', () => {
  it('reads cached prompt tokens of chat completions and of the Responses API', () => {
    expect(
      readUsage({
        prompt_tokens: 100,
        completion_tokens: 5,
        total_tokens: 105,
        prompt_tokens_details: { cached_tokens: 64 },
      }),
    ).toEqual({
      promptTokens: 100,
      completionTokens: 5,
      totalTokens: 105,
      cachedPromptTokens: 64,
    });
    expect(
      readUsage({
        input_tokens: 10,
        output_tokens: 2,
        input_tokens_details: { cached_tokens: 3 },
      })?.cachedPromptTokens,
    ).toBe(3);
  });

  it('reads the audio tokens of a chat answer, and adds none when it has none', () => {
    expect(
      readUsage({
        prompt_tokens: 30,
        completion_tokens: 12,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 8 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 5 },
      }),
    ).toMatchObject({ promptAudioTokens: 8, completionAudioTokens: 5 });
    const text = readUsage({ prompt_tokens: 3, completion_tokens: 1 });
    expect(text).not.toHaveProperty('promptAudioTokens');
    expect(text).not.toHaveProperty('completionAudioTokens');
  });

  it('has no cached count when the backend gave none', () => {
    expect(readUsage({ prompt_tokens: 1 })?.cachedPromptTokens).toBeNull();
  });

  it.each([2 ** 31, 1e10, -1, 1.5, Number.MAX_VALUE, '12', null])(
    'treats %p, which is no count an INT column holds, as not reported',
    (odd) => {
      const usage = readUsage({
        prompt_tokens: odd,
        completion_tokens: 7,
        total_tokens: odd,
        prompt_tokens_details: { cached_tokens: odd, audio_tokens: odd },
        completion_tokens_details: { audio_tokens: odd },
      });
      expect(usage).toEqual({
        promptTokens: null,
        completionTokens: 7,
        totalTokens: null,
        cachedPromptTokens: null,
      });
    },
  );

  it('keeps the largest count an INT column holds', () => {
    const largest = 2 ** 31 - 1;
    expect(
      readUsage({
        input_tokens: largest,
        output_tokens: 0,
        input_tokens_details: { cached_tokens: largest },
      }),
    ).toMatchObject({
      promptTokens: largest,
      completionTokens: 0,
      cachedPromptTokens: largest,
    });
  });
});
