import { SseEvent, SseParser } from './sse-parser';
import { endSseEvents, parseSseEvents } from './sse-events';

function parse(text: string): SseEvent[] {
  const parser = new SseParser();
  return [
    ...parseSseEvents(parser, Buffer.from(text)),
    ...endSseEvents(parser),
  ];
}

const simplify = (events: SseEvent[]) =>
  events.map(({ event, data, raw }) => ({ event, data, raw: raw.toString() }));

describe('SseParser fields', () => {
  it('keeps comments and other fields in raw but out of data', () => {
    const text =
      ': keep-alive\n\nid: 7\nretry: 100\n:note\ndata: a\n\nevent: ping\ndata\n\n';
    const events = parse(text);

    expect(simplify(events)).toEqual([
      { event: undefined, data: '', raw: ': keep-alive\n\n' },
      {
        event: undefined,
        data: 'a',
        raw: 'id: 7\nretry: 100\n:note\ndata: a\n\n',
      },
      { event: 'ping', data: '', raw: 'event: ping\ndata\n\n' },
    ]);
  });

  it('joins data lines with LF and strips only one space after the colon', () => {
    const text = 'data:one\ndata:  two\ndata: \ndata:three:3\n\n';
    const [event] = parse(text);

    expect(event.data).toBe('one\n two\n\nthree:3');
  });

  it('reads the event field, including responses API event names', () => {
    const text =
      'event: response.output_text.delta\ndata: {"delta":"hi"}\n\nevent:\ndata: x\n\n';
    const events = parse(text);

    expect(events.map((e) => e.event)).toEqual([
      'response.output_text.delta',
      undefined,
    ]);
    expect(events[0].data).toBe('{"delta":"hi"}');
  });

  it('ignores fields that merely start like data or event', () => {
    const [event] = parse('datax: no\nevents: no\ndata: yes\n\n');

    expect(event).toMatchObject({ event: undefined, data: 'yes' });
  });

  it('flushes a final event that has no blank line', () => {
    const parser = new SseParser();
    expect(
      parseSseEvents(parser, Buffer.from('data: 1\n\ndata: 2\ndata: 3')),
    ).toHaveLength(1);

    expect(simplify(endSseEvents(parser))).toEqual([
      { event: undefined, data: '2\n3', raw: 'data: 2\ndata: 3' },
    ]);
    expect(endSseEvents(parser)).toEqual([]);
  });

  it('hands back trailing bytes without data so they can be forwarded', () => {
    const parser = new SseParser();
    parseSseEvents(parser, Buffer.from('data: a\n\n: bye'));

    expect(simplify(endSseEvents(parser))).toEqual([
      { event: undefined, data: '', raw: ': bye' },
    ]);
  });

  it('emits stray blank lines so that no byte is lost', () => {
    const events = parse('data: a\n\n\n\r\ndata: b\n\n');

    expect(simplify(events).map((e) => [e.data, e.raw])).toEqual([
      ['a', 'data: a\n\n'],
      ['', '\n'],
      ['', '\r\n'],
      ['b', 'data: b\n\n'],
    ]);
  });

  it('returns no events for empty chunks', () => {
    const parser = new SseParser();

    expect(parseSseEvents(parser, Buffer.alloc(0))).toEqual([]);
    expect(endSseEvents(parser)).toEqual([]);
  });

  it('can be reused after end()', () => {
    const parser = new SseParser();
    parseSseEvents(parser, Buffer.from('data: a'));
    endSseEvents(parser);

    expect(parseSseEvents(parser, Buffer.from('data: b\n\n'))[0].data).toBe(
      'b',
    );
  });
});
