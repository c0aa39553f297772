import { cachedPromptTokensOf } from './cached-tokens';

describe('cachedPromptTokensOf', () => {
  it('reads chat/completions prompt_tokens_details.cached_tokens', () => {
    const usage = {
      prompt_tokens: 2006,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
    };
    expect(cachedPromptTokensOf(usage)).toBe(1920);
  });

  it('reads Responses API input_tokens_details.cached_tokens', () => {
    const usage = {
      input_tokens: 2006,
      output_tokens: 300,
      input_tokens_details: { cached_tokens: 1024 },
    };
    expect(cachedPromptTokensOf(usage)).toBe(1024);
  });

  it('reads the Responses naming when the chat details lack the count', () => {
    const usage = {
      prompt_tokens_details: { audio_tokens: 3 },
      input_tokens_details: { cached_tokens: 7 },
    };
    expect(cachedPromptTokensOf(usage)).toBe(7);
  });

  it('gives null when absent or not a count', () => {
    expect(cachedPromptTokensOf({ prompt_tokens: 5 })).toBeNull();
    expect(cachedPromptTokensOf(null)).toBeNull();
    expect(
      cachedPromptTokensOf({ prompt_tokens_details: { cached_tokens: '5' } }),
    ).toBeNull();
    expect(
      cachedPromptTokensOf({ prompt_tokens_details: { cached_tokens: -1 } }),
    ).toBeNull();
    expect(cachedPromptTokensOf({ prompt_tokens_details: null })).toBeNull();
  });
});
