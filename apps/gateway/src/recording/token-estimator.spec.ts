import {
  countTokens,
  estimateChatPromptTokens,
  warmUpTokenizer,
} from './token-estimator';

describe('countTokens', () => {
  beforeAll(() => warmUpTokenizer());

  it.each([
    ['hello world', 2],
    ['Hello, world!', 4],
    ['héllo 👋', 4],
    ['The quick brown fox jumps over the lazy dog.', 10],
    ['你好，世界', 3],
    ['{"x":1}', 5],
  ])('counts %j as %i o200k_base tokens', (text, expected) => {
    expect(countTokens(text)).toBe(expected);
  });

  it('counts the empty string as 0', () => {
    expect(countTokens('')).toBe(0);
  });

  it('counts special-token text as plain text instead of throwing', () => {
    expect(countTokens('<|endoftext|>')).toBe(7);
  });

  it('counts a long repetitive text', () => {
    expect(countTokens('hello world '.repeat(100))).toBe(201);
  });
});

describe('estimateChatPromptTokens', () => {
  it('adds per-message framing and reply priming', () => {
    expect(estimateChatPromptTokens('hello world', 2)).toBe(2 + 2 * 4 + 3);
  });

  it('counts only the reply priming for an empty request', () => {
    expect(estimateChatPromptTokens('', 0)).toBe(3);
  });
});
