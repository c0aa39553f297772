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

  it('has no cached count when the backend gave none', () => {
    expect(readUsage({ prompt_tokens: 1 })?.cachedPromptTokens).toBeNull();
  });
});
