import { withoutNullUsage } from './null-usage-cutter';
import { StreamWatcher } from './stream-watcher';
import { MAX_GENERATED_TEXT } from './text-accumulator';

const event = (json: object) => `data: ${JSON.stringify(json)}\n\n`;
const CHUNK = {
  id: 'c1',
  choices: [{ index: 0, delta: { content: 'hi' } }],
  usage: null,
};
const USAGE = {
  id: 'c1',
  choices: [],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const STREAM = event(CHUNK) + event(USAGE) + 'data: [DONE]\n\n';

describe('withoutNullUsage', () => {
  it.each([
    ['{"a":1,"usage":null}', '{"a":1}'],
    ['{"usage":null,"a":1}', '{"a":1}'],
    ['{"a":1,"usage":null,"b":2}', '{"a":1,"b":2}'],
    ['{"a":"\\"usage\\":null"}', '{"a":"\\"usage\\":null"}'],
  ])('turns %s into %s', (input, output) => {
    expect(withoutNullUsage(Buffer.from(`data: ${input}\n\n`)).toString()).toBe(
      `data: ${output}\n\n`,
    );
  });

  it('cuts what a global replace of the field and one comma would cut', () => {
    const field = /,"usage":null(?=[,}])|"usage":null,/g;
    const parts = ['"usage":null', ',', '}', '{', '"a":1', ' '];
    // Every sequence of up to five parts, e.g. `"usage":null,"usage":null}`.
    let inputs = [''];
    for (let length = 0; length < 5; length++) {
      inputs = inputs.flatMap((text) => parts.map((part) => text + part));
      for (const input of inputs) {
        const raw = Buffer.from(input);
        expect(withoutNullUsage(raw).toString()).toBe(input.replace(field, ''));
      }
    }
  });

  it('returns the same buffer when there is nothing to remove', () => {
    const raw = Buffer.from('data: {"usage":{"total_tokens":1}}\n\n');
    expect(withoutNullUsage(raw)).toBe(raw);
  });
});

describe('StreamWatcher', () => {
  it('forwards every byte untouched when the client asked for usage itself', () => {
    const watcher = new StreamWatcher('chat.completions', 0, false);
    const out = Buffer.concat([watcher.push(Buffer.from(STREAM))]);
    expect(out.toString()).toBe(STREAM);
    expect(watcher.result().usage).toEqual({
      promptTokens: 3,
      completionTokens: 1,
      totalTokens: 4,
      cachedPromptTokens: null,
    });
  });

  it('hides the injected usage chunk and null usage fields, whatever the chunking', () => {
    const bytes = Buffer.from(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      const watcher = new StreamWatcher('chat.completions', 0, true);
      // Copies: a watcher that cuts bytes does so in the chunks it is handed.
      const out = [
        watcher.push(Buffer.from(bytes.subarray(0, cut))),
        watcher.push(Buffer.from(bytes.subarray(cut))),
      ];
      const tail = watcher.end();
      const text = Buffer.concat(tail ? [...out, tail] : out).toString();
      expect(text).toBe(
        event({ ...CHUNK, usage: undefined }) + 'data: [DONE]\n\n',
      );
      expect(watcher.result()).toMatchObject({
        finished: true,
        usage: { totalTokens: 4 },
      });
    }
  });
});

describe('StreamWatcher memory', () => {
  it('holds at most the fallback text cap and one event, however long the stream', () => {
    const watcher = new StreamWatcher('chat.completions', 0, false);
    // 4 MiB of content in token-sized deltas, arriving in 64 KiB chunks cut anywhere.
    const one = Buffer.from(
      event({ choices: [{ delta: { content: 'abcdefgh' } }] }),
    );
    const events = Math.ceil((4 * 1024 * 1024) / 8);
    const chunk = Buffer.alloc(64 * 1024);
    let filled = 0;
    let held = 0;
    for (let i = 0; i < events; i++) {
      for (let b = 0; b < one.length; b++) {
        chunk[filled++] = one[b];
        if (filled === chunk.length) {
          watcher.push(Buffer.from(chunk));
          held = Math.max(held, watcher.heldBytes);
          filled = 0;
        }
      }
    }
    watcher.push(Buffer.from(chunk.subarray(0, filled)));
    watcher.push(Buffer.from('data: [DONE]\n\n'));
    const result = watcher.result();

    expect(held).toBeLessThanOrEqual(MAX_GENERATED_TEXT + one.length);
    expect(Buffer.byteLength(result.generatedText)).toBe(MAX_GENERATED_TEXT);
    expect(result.generatedTextTruncated).toBe(true);
    expect(result.generatedTextScale).toBe(4);
  });

  it('cuts null usage from some events of a chunk and leaves the others', () => {
    const watcher = new StreamWatcher('chat.completions', 0, true);
    // The last three take the content-delta path, which knows where the field is.
    const content = { choices: [{ delta: { content: 'x' } }] };
    const input =
      event({ a: 1, usage: null }) +
      event({ b: 2 }) +
      event({ usage: null, c: 3 }) +
      event({ usage: null, ...content }) +
      event({ ...content, usage: null }) +
      event(content);
    expect(watcher.push(Buffer.from(input)).toString()).toBe(
      event({ a: 1 }) +
        event({ b: 2 }) +
        event({ c: 3 }) +
        event(content) +
        event(content) +
        event(content),
    );
  });
});
