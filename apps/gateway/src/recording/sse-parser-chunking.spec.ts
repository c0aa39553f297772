import { SseEvent, SseEventView, SseParser } from './sse-parser';
import { endSseEvents, parseSseEvents } from './sse-events';

const chunk = (body: object): string =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini',
    ...body,
  })}\n\n`;

const CHAT_STREAM = [
  chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
  chunk({ choices: [{ index: 0, delta: { content: 'héllo' } }] }),
  chunk({ choices: [{ index: 0, delta: { content: ' 👋' } }] }),
  chunk({ choices: [{ index: 0, delta: { content: ', 世界' } }] }),
  chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
  chunk({
    choices: [],
    usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
  }),
  'data: [DONE]\n\n',
].join('');

type Parsed = Pick<SseEvent, 'event' | 'data'> & { raw: string };

function parseChunks(chunks: Buffer[]): SseEvent[] {
  const parser = new SseParser();
  const events = chunks.flatMap((part) => parseSseEvents(parser, part));
  return [...events, ...endSseEvents(parser)];
}

function splitAt(input: Buffer, points: number[]): Buffer[] {
  const bounds = [0, ...points, input.length];
  return bounds.slice(1).map((end, i) => input.subarray(bounds[i], end));
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSplits(length: number, random: () => number): number[] {
  const points: number[] = [];
  for (let at = 1 + Math.floor(random() * 40); at < length;) {
    points.push(at);
    at += 1 + Math.floor(random() * 40);
  }
  return points;
}

const simplify = (events: SseEvent[]): Parsed[] =>
  events.map(({ event, data, raw }) => ({
    event,
    data,
    raw: raw.toString('latin1'),
  }));

function expectSplitInvariant(input: Buffer): void {
  const whole = simplify(parseChunks([input]));
  for (let at = 0; at <= input.length; at++) {
    expect(simplify(parseChunks(splitAt(input, [at])))).toEqual(whole);
  }
  const bytes = [...input.keys()].slice(1);
  expect(simplify(parseChunks(splitAt(input, bytes)))).toEqual(whole);
  const random = seededRandom(42);
  for (let round = 0; round < 50; round++) {
    const parts = splitAt(input, randomSplits(input.length, random));
    const events = parseChunks(parts);
    expect(simplify(events)).toEqual(whole);
    expect(Buffer.concat(events.map((e) => e.raw))).toEqual(input);
  }
}

describe('SseParser across chunk boundaries', () => {
  const input = Buffer.from(CHAT_STREAM, 'utf8');

  it('parses an OpenAI chat stream into its events', () => {
    const events = parseChunks([input]);

    expect(events).toHaveLength(7);
    expect(events.every((e) => e.event === undefined)).toBe(true);
    expect(JSON.parse(events[1].data)).toMatchObject({
      choices: [{ delta: { content: 'héllo' } }],
    });
    expect(JSON.parse(events[2].data)).toMatchObject({
      choices: [{ delta: { content: ' 👋' } }],
    });
    expect(events[6].data).toBe('[DONE]');
    expect(Buffer.concat(events.map((e) => e.raw))).toEqual(input);
  });

  it('emits every event as soon as its blank line arrives', () => {
    const parser = new SseParser();
    const firstEnd = CHAT_STREAM.indexOf('\n\n') + 2;

    expect(parseSseEvents(parser, input.subarray(0, firstEnd - 1))).toEqual([]);
    expect(
      parseSseEvents(parser, input.subarray(firstEnd - 1, firstEnd)),
    ).toHaveLength(1);
    expect(endSseEvents(parser)).toEqual([]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('gives identical events for every split of a %s stream', (_, eol) => {
    const converted = Buffer.from(CHAT_STREAM.replace(/\n/g, eol), 'utf8');
    const expected = simplify(parseChunks([input])).map((e) => e.data);

    expect(simplify(parseChunks([converted])).map((e) => e.data)).toEqual(
      expected,
    );
    expectSplitInvariant(converted);
  });

  it('gives identical events for every split of a mixed stream', () => {
    const mixed = Buffer.from(
      ': keep-alive\r\n\r\n' +
        'event: response.output_text.delta\r\ndata: {"delta":"é👋"}\r\n\r\n' +
        'id: 1\ndata: line one\ndata:line two\n\n\n' +
        'data: no blank line at the end',
    );
    expectSplitInvariant(mixed);

    expect(parseChunks([mixed]).map((e) => [e.event, e.data])).toEqual([
      [undefined, ''],
      ['response.output_text.delta', '{"delta":"é👋"}'],
      [undefined, 'line one\nline two'],
      [undefined, ''],
      [undefined, 'no blank line at the end'],
    ]);
  });

  it('finds every kind of line end wherever they lie in one buffer', () => {
    const mixed = Buffer.from(
      'data: a\n\n' +
        'data: b\r\r' +
        ': keep-alive\n\n' +
        'data: c\r\ndata: d\r\n\r\n' +
        'data: é\rdata: 👋\n\r' +
        'data: [DONE]\n\n',
    );
    expectSplitInvariant(mixed);

    expect(parseChunks([mixed]).map((e) => e.data)).toEqual([
      'a',
      'b',
      '',
      'c\nd',
      'é\n👋',
      '[DONE]',
    ]);
  });

  it('holds a trailing CR until it knows whether LF follows', () => {
    const parser = new SseParser();

    expect(parseSseEvents(parser, Buffer.from('data: a\r\n\r'))).toEqual([]);
    const [event] = parseSseEvents(parser, Buffer.from('\ndata: b\r\r'));
    expect(event.raw.toString()).toBe('data: a\r\n\r\n');
    expect(parseSseEvents(parser, Buffer.from('x'))).toHaveLength(1);
  });

  it('treats a lone CR before end of stream as a line end', () => {
    const parser = new SseParser();
    parseSseEvents(parser, Buffer.from('data: a\r\r'));

    expect(simplify(endSseEvents(parser))).toEqual([
      { event: undefined, data: 'a', raw: 'data: a\r\r' },
    ]);
  });

  it('decodes multi-byte characters split across chunks', () => {
    const bytes = Buffer.from('data: 👋é\n\n');
    const parser = new SseParser();

    expect(parseSseEvents(parser, bytes.subarray(0, 8))).toEqual([]);
    expect(parseSseEvents(parser, bytes.subarray(8, 11))).toEqual([]);
    expect(parseSseEvents(parser, bytes.subarray(11))[0].data).toBe('👋é');
  });

  it('skips a leading BOM for parsing but keeps it in raw', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('data: a\n\n'),
    ]);
    expectSplitInvariant(bytes);
    const [event] = parseChunks([bytes.subarray(0, 2), bytes.subarray(2)]);

    expect(event.data).toBe('a');
    expect(event.raw).toEqual(bytes);
  });
});

describe('SseParser data ranges', () => {
  it('points at the only data line of an event, wherever the chunks were cut', () => {
    const text =
      'event: a\ndata: {"x":"é"}\n\ndata: one\ndata: two\n\n: c\n\ndata\n\ndata: [DONE]\n\n';
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const seen: (string | null)[] = [];
      const sink = {
        onSseEvent: (e: SseEventView) =>
          seen.push(
            e.dataEnd === -1
              ? e.data === ''
                ? null
                : `lines:${e.data}`
              : e.buffer.toString('utf8', e.dataStart, e.dataEnd),
          ),
      };
      const parser = new SseParser();
      parser.feed(bytes.subarray(0, cut), sink);
      parser.feed(bytes.subarray(cut), sink);
      parser.finish(sink);
      expect(seen).toEqual(['{"x":"é"}', 'lines:one\ntwo', null, '', '[DONE]']);
    }
  });
});
