import { MAX_SHAPE_BYTES } from './content-delta-shape';
import { ContentDeltaMatcher } from './content-delta.util';
import { StreamWatcher } from './stream-watcher';

const HEAD = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
  system_fingerprint: 'fp_1',
};

const content = (text: string, extra: object = {}): string =>
  JSON.stringify({
    ...HEAD,
    choices: [
      {
        index: 0,
        delta: { content: text },
        logprobs: null,
        finish_reason: null,
      },
    ],
    ...extra,
  });

/** What a matcher says of `data`: whether it matched, and where, relative to the data's start. */
function verdict(matcher: ContentDeltaMatcher, data: string, offset: number) {
  const buffer = Buffer.concat([
    Buffer.alloc(offset, 0x20),
    Buffer.from(data),
    Buffer.from('\n\n'),
  ]);
  const matched = matcher.match(buffer, offset, buffer.length - 2);
  if (!matched) return { matched };
  const { contentStart, contentEnd, escaped, nullUsageStart } = matcher;
  return {
    matched,
    content: buffer.toString('utf8', contentStart, contentEnd),
    escaped,
    nullUsageStart:
      nullUsageStart < 0 ? nullUsageStart : nullUsageStart - offset,
    nullUsageEnd: nullUsageStart < 0 ? null : matcher.nullUsageEnd - offset,
  };
}

const FOLLOWERS: [string, string][] = [
  ['other text', content(' world')],
  ['an emoji', content(' 👋')],
  ['an empty delta', content('')],
  ['escapes', content('a "quoted"\nline\\')],
  ['an escaped quote last', content('say "hi"')],
  ['a backslash last', content('C:\\')],
  [
    'a backslash that escapes the closing quote',
    content('ab').replace('"ab"', '"ab\\"'),
  ],
  ['a raw control character', content('x').replace('"x"', '"a\u0001"')],
  ['a quote that ends the string early', content('x').replace('"x"', '"a"b"')],
  [
    'a finish reason',
    content('').replace('"finish_reason":null', '"finish_reason":"stop"'),
  ],
  ['usage', content('x', { usage: { total_tokens: 3 } })],
  ['null usage', content('x', { usage: null })],
  ['another index', content('x').replace('"index":0', '"index":1')],
  ['a longer id', content('x').replace('chatcmpl-1', 'chatcmpl-12')],
  ['a role', content('x').replace('"delta":{', '"delta":{"role":"assistant",')],
  ['a tool call', content('x').replace('"x"}', '"x","tool_calls":[]}')],
  ['an error', content('x', { error: { message: 'overloaded' } })],
  ['a cut tail', content('x').slice(0, -1)],
  ['bytes after it', content('x') + ' '],
  ['not JSON', 'data that is not JSON'],
  ['the end marker', '[DONE]'],
];

const PRIMERS: [string, string][] = [
  ['a content chunk', content('hello')],
  ['one with null usage last', content('hello', { usage: null })],
  [
    'one with null usage first',
    JSON.stringify({ usage: null, ...JSON.parse(content('hello')) }),
  ],
];

describe('ContentDeltaMatcher after a chunk of the same shape', () => {
  it.each(PRIMERS)(
    'after %s, says of each chunk what a full match says',
    (_, primer) => {
      for (const [name, data] of [
        ...FOLLOWERS,
        ...PRIMERS.map(([n, d]) => [n, d.replace('hello', 'bye')]),
      ]) {
        const primed = new ContentDeltaMatcher();
        expect(verdict(primed, primer, 0).matched).toBe(true);
        const fresh = new ContentDeltaMatcher();
        // At another offset of another buffer, as the next event of a stream would be.
        expect({ name, ...verdict(primed, data, 7) }).toEqual({
          name,
          ...verdict(fresh, data, 7),
        });
      }
    },
  );

  it('recognises a long run of the same shape with every text', () => {
    const matcher = new ContentDeltaMatcher();
    const texts = ['a', '', ' é', '\\"', '👋', 'x'.repeat(300)];
    for (const text of texts) {
      const data = content(text, { usage: null });
      expect(verdict(matcher, data, 3)).toEqual(
        verdict(new ContentDeltaMatcher(), data, 3),
      );
    }
  });
});

describe('ContentDeltaShape memory', () => {
  it('keeps no shape larger than its cap, and matches such chunks in full', () => {
    const matcher = new ContentDeltaMatcher();
    const big = (text: string) =>
      content(text, { system_fingerprint: 'f'.repeat(MAX_SHAPE_BYTES) });
    expect(verdict(matcher, content('a'), 0).matched).toBe(true);
    expect(verdict(matcher, big('a'), 0).matched).toBe(true);
    // The small shape is forgotten too: a chunk of it is walked, and matches.
    expect(verdict(matcher, content('b'), 0)).toEqual(
      verdict(new ContentDeltaMatcher(), content('b'), 0),
    );
    expect(verdict(matcher, big('b').replace('"b"', '"b"x'), 0).matched).toBe(
      false,
    );
  });
});

describe('StreamWatcher cutting null usage from chunks of one shape', () => {
  it.each([
    ['last', (text: string) => content(text, { usage: null })],
    [
      'first',
      (text: string) =>
        JSON.stringify({ usage: null, ...JSON.parse(content(text)) }),
    ],
  ])(
    'cuts it where it is (%s) in every chunk, in one chunk or many',
    (_, make) => {
      const texts = ['one', ' two', ' thrée', ''];
      const input = texts.map((text) => `data: ${make(text)}\n\n`).join('');
      const expected = texts
        .map((text) => `data: ${content(text)}\n\n`)
        .join('');
      const whole = new StreamWatcher('chat.completions', 0, true);
      expect(whole.push(Buffer.from(input)).toString()).toBe(expected);

      const bytes = Buffer.from(input);
      for (let cut = 1; cut < bytes.length; cut += 7) {
        const watcher = new StreamWatcher('chat.completions', 0, true);
        const out = [
          watcher.push(Buffer.from(bytes.subarray(0, cut))),
          watcher.push(Buffer.from(bytes.subarray(cut))),
        ];
        expect(Buffer.concat(out).toString()).toBe(expected);
        expect(watcher.result().generatedText).toBe(texts.join(''));
      }
    },
  );
});
