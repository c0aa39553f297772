import { SseParser } from './sse-parser';
import { StreamWatcher } from './stream-watcher';

const HEAD = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm' };
const content = (text: string, extra: object = {}) => ({
  ...HEAD,
  choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  ...extra,
});
const data = (json: object | string) =>
  `data: ${typeof json === 'string' ? json : JSON.stringify(json)}\n\n`;

/** Events a backend may send, content chunks of one shape most of all. */
const EVENTS: string[] = [
  data(content('hi')),
  data(content(' wörld 👋')),
  data(content('')),
  data(content('a "quoted" \\ word\nand a line')),
  data(content('x', { usage: null })),
  data({ usage: null, ...content('y') }),
  data(content('z', { usage: null, other: null })),
  data(content('w')).replace('\n\n', '\r\n\r\n'),
  data(content('v')).replace(/"v"/, '"\\x"'),
  data(content('u')).replace(/"u"/, '"u\\"'),
  data(content('t')).replace(',', ', '),
  `event: delta\n${data(content('s'))}`,
  `: comment\n${data(content('r'))}`,
  `data: ${JSON.stringify(content('q'))}\ndata: \n\n`,
  data({ ...HEAD, choices: [{ index: 0, delta: { role: 'assistant' } }] }),
  data({ ...HEAD, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
  data({
    ...HEAD,
    choices: [],
    usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 },
  }),
  `event: error\n${data({ error: { message: 'overloaded' } })}`,
];

/** A deterministic sequence of numbers below `n`. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

/** `length` events and `[DONE]`, content chunks of one shape three times in four. */
function stream(seed: number, length: number): Buffer[] {
  const next = random(seed);
  return Array.from({ length }, () =>
    next(4) === 0 ? EVENTS[next(EVENTS.length)] : EVENTS[next(2)],
  )
    .concat(data('[DONE]'))
    .map((event) => Buffer.from(event));
}

/** The events with some cut in two (anywhere, even in a character) and some joined. */
function rechunk(events: Buffer[], seed: number): Buffer[] {
  const next = random(seed);
  const pieces: Buffer[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const how = next(3);
    if (how === 0 && i + 1 < events.length) {
      pieces.push(Buffer.concat([event, events[++i]]));
    } else if (how === 1) {
      const at = 1 + next(event.length - 1);
      pieces.push(event.subarray(0, at), event.subarray(at));
    } else {
      pieces.push(event);
    }
  }
  return pieces;
}

/** What a watcher sends on and records when the stream arrives in these pieces. */
function watch(pieces: Buffer[], hideInjectedUsage: boolean) {
  const watcher = new StreamWatcher('chat.completions', 0, hideInjectedUsage);
  // Copies: a watcher that cuts bytes does so in the chunks it is handed.
  const out = pieces.map((piece) => watcher.push(Buffer.from(piece), 7));
  const tail = watcher.end();
  if (tail) out.push(tail);
  const { lastTokenAt, firstTokenAt, ...result } = watcher.result();
  return {
    sent: Buffer.concat(out).toString(),
    result,
    timing: [firstTokenAt, lastTokenAt],
  };
}

describe('StreamWatcher, a chunk per event', () => {
  it.each([false, true])(
    'sends and records what it does for the same stream in one piece (cutting: %s)',
    (hide) => {
      for (let seed = 1; seed <= 300; seed++) {
        const events = stream(seed, 1 + (seed % 40));
        const whole = watch([Buffer.concat(events)], hide);
        expect(watch(events, hide)).toEqual(whole);
        // Some chunks end mid-event: the parser holds a part between them.
        expect(watch(rechunk(events, seed), hide)).toEqual(whole);
      }
    },
  );

  it('reads a chunk shaped like the last content chunk without the SSE parser', () => {
    const feed = jest.spyOn(SseParser.prototype, 'feed');
    try {
      const texts = ['a', 'bc', ' déf', '', 'g"h'];
      const events = [
        data({
          ...HEAD,
          choices: [{ index: 0, delta: { role: 'assistant' } }],
        }),
        ...texts.map((text) => data(content(text))),
        data(content('i', { usage: null })),
        data(content('j', { usage: null })),
        data('[DONE]'),
      ];
      const { sent, result } = watch(
        events.map((event) => Buffer.from(event)),
        true,
      );

      // The first of each shape and the last event go through the parser; the rest do not.
      expect(feed).toHaveBeenCalledTimes(4);
      expect(sent).toBe(events.join('').replace(/,"usage":null/g, ''));
      expect(result).toMatchObject({
        finished: true,
        invalidEvents: 0,
        generatedText: 'abc défg"hij',
      });
    } finally {
      feed.mockRestore();
    }
  });

  it('parses a chunk that goes on with an unfinished event, however whole it looks', () => {
    // The second chunk adds a data line to the event the first one started.
    const pieces = [data(content('a')), 'data: {"more":', data(content('b'))];
    const chunked = watch(
      pieces.map((piece) => Buffer.from(piece)),
      false,
    );

    expect(chunked).toEqual(watch([Buffer.from(pieces.join(''))], false));
    expect(chunked.result).toMatchObject({
      invalidEvents: 1,
      generatedText: 'a',
    });
  });
});
