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

describe('TextAccumulator as bytes', () => {
  it('copies byte ranges and decodes them once', () => {
    const text = new TextAccumulator();
    const source = Buffer.from('{"content":"héllo 👋"}');
    text.appendBytes(source, 12, source.length - 2);
    text.append('!');

    expect(text.toString()).toBe('héllo 👋!');
    expect(text.scale).toBe(1);
  });

  it('holds at most the cap however much it is given, and scales by bytes dropped', () => {
    const text = new TextAccumulator(1024);
    const piece = Buffer.from(' token');
    for (let i = 0; i < 1024; i++) text.appendBytes(piece, 0, piece.length);

    expect(text.capacity).toBe(1024);
    expect(Buffer.byteLength(text.toString())).toBe(1024);
    expect(text.isTruncated).toBe(true);
    expect(text.scale).toBe(6);
  });

  it('drops a character that would cross the cap rather than split it', () => {
    const text = new TextAccumulator(5);
    text.append('abcd');
    text.append('é');

    expect(text.toString()).toBe('abcd');
    expect(text.isTruncated).toBe(true);
  });
});
