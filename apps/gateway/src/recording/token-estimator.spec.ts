import { createRequire } from 'node:module';
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

describe('countTokens piece by piece', () => {
  const load = createRequire(__filename);
  const { Tiktoken } = load('js-tiktoken/lite') as {
    Tiktoken: new (ranks: unknown) => { encode(...args: unknown[]): number[] };
  };
  const encoder = new Tiktoken(load('js-tiktoken/ranks/o200k_base'));

  it.each([
    ['whitespace runs', 'a  b   \n\n  c \t\r\n  d   '],
    ['contractions', "don't I'LL we've They'D"],
    ['digits', '1234567 89 0.5 1e10'],
    ['code', 'function f(x) {\n  return x?.y ?? [1, 2];\n}\n'],
    ['scripts and emoji', 'héllo 👋🏽 你好，世界 Привет مرحبا'],
    ['special-token text', 'a<|endoftext|>b <|im_start|>'],
    ['pieces past the memo length', `${'x'.repeat(100)} ${'-'.repeat(80)}`],
    ['a generated answer', ' héllo 👋 from the fake backend'.repeat(50)],
  ])(
    'counts %s as the whole-text encoder does, from a cold and a warm memo',
    (_, text) => {
      const expected = encoder.encode(text, [], []).length;
      expect(countTokens(text)).toBe(expected);
      expect(countTokens(text)).toBe(expected);
      expect(countTokens(`${text} ${text}`)).toBe(
        encoder.encode(`${text} ${text}`, [], []).length,
      );
    },
  );
});

describe('estimateChatPromptTokens', () => {
  it('adds per-message framing and reply priming', () => {
    expect(estimateChatPromptTokens('hello world', 2)).toBe(2 + 2 * 4 + 3);
  });

  it('counts only the reply priming for an empty request', () => {
    expect(estimateChatPromptTokens('', 0)).toBe(3);
  });
});
