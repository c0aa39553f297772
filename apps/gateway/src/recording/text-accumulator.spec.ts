import { MAX_GENERATED_TEXT, TextAccumulator } from './text-accumulator';

describe('TextAccumulator', () => {
  it('joins what it was given', () => {
    const text = new TextAccumulator();
    text.append('héllo');
    text.append('');
    text.append(' 👋');

    expect(text.toString()).toBe('héllo 👋');
    expect(text.isTruncated).toBe(false);
  });

  it('keeps at most the limit and remembers that it dropped text', () => {
    const text = new TextAccumulator(5);
    text.append('abc');
    text.append('defg');
    text.append('h');

    expect(text.toString()).toBe('abcde');
    expect(text.isTruncated).toBe(true);
  });

  it('is not truncated when the text fits exactly', () => {
    const text = new TextAccumulator(3);
    text.append('abc');
    text.append('');

    expect(text.isTruncated).toBe(false);
  });

  it('caps at 1 MiB characters by default', () => {
    const text = new TextAccumulator();
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 20; i++) text.append(chunk);

    expect(text.toString()).toHaveLength(MAX_GENERATED_TEXT);
  });
});
