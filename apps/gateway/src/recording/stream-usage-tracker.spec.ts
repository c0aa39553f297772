import type { Endpoint } from '@app/persistence';
import { SseParser, type SseEventView } from './sse-parser';
import { StreamUsageTracker } from './stream-usage-tracker';

const sse = (...payloads: (object | string)[]): string =>
  payloads
    .map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`)
    .join('');

const delta = (d: object) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta: d, finish_reason: null }],
});

const USAGE = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };

const CHAT_STREAM = sse(
  delta({ role: 'assistant', content: '' }),
  delta({ content: 'héllo' }),
  delta({ content: ' 👋' }),
  { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
  { choices: [], usage: USAGE },
  '[DONE]',
);

/** Feeds the stream's events one millisecond apart, starting at t=100. */
function track(endpoint: Endpoint, stream: string, suppress = false) {
  const options = { suppressUsageOnlyChunk: suppress };
  const tracker = new StreamUsageTracker(endpoint, 50, options);
  const forwarded: boolean[] = [];
  const sink = {
    onSseEvent: (event: SseEventView) =>
      forwarded.push(tracker.onEvent(event, 100 + forwarded.length)),
  };
  const parser = new SseParser();
  parser.feed(Buffer.from(stream), sink);
  parser.finish(sink);
  return { forwarded, result: tracker.result() };
}

describe('StreamUsageTracker for chat completions', () => {
  it('records timing, finish reason, usage and text of a full stream', () => {
    const { forwarded, result } = track('chat.completions', CHAT_STREAM);

    expect(forwarded).toEqual([true, true, true, true, true, true]);
    expect(result).toEqual({
      startedAt: 50,
      firstTokenAt: 101,
      lastTokenAt: 102,
      finishReason: 'stop',
      usage: {
        promptTokens: 9,
        completionTokens: 4,
        totalTokens: 13,
        cachedPromptTokens: null,
      },
      finished: true,
      error: null,
      // Usage was reported: the text is not decoded, it would not be counted.
      generatedText: '',
      generatedTextTruncated: false,
      generatedTextScale: 1,
      invalidEvents: 0,
      responseModel: null,
    });
  });

  it('takes the model of the first chunk, even one read from its bytes', () => {
    const named = (model: string, d: object) => ({ ...delta(d), model });
    const { result } = track(
      'chat.completions',
      sse(
        named('gpt-4o-2024-08-06', { content: 'hi' }),
        named('another', { content: '!' }),
        { choices: [], usage: USAGE, model: 'a third' },
        '[DONE]',
      ),
    );

    expect(result.responseModel).toBe('gpt-4o-2024-08-06');
  });

  it('takes the model of a later parsed event when the first names none', () => {
    const { result } = track(
      'chat.completions',
      sse(
        delta({ content: 'hi' }),
        { choices: [], usage: USAGE, model: 'llama3.2:3b' },
        { choices: [], usage: USAGE, model: 'another' },
        '[DONE]',
      ),
    );

    expect(result.responseModel).toBe('llama3.2:3b');
  });

  it('keeps the text of a stream without usage, escapes and all', () => {
    const stream = CHAT_STREAM.replace(
      /^data: \{"choices":\[\],"usage".*$/m,
      '',
    ).replace('héllo', 'h\\"é\\nllo');
    const { result } = track('chat.completions', stream);

    expect(result.usage).toBeNull();
    expect(result.generatedText).toBe('h"é\nllo 👋');
  });

  it('tells the same of content chunks it matched as of ones it parsed', () => {
    // Indented JSON never takes the content-delta shortcut.
    const indented = CHAT_STREAM.replace(
      /^data: (\{.*\})$/gm,
      (_, json: string) =>
        `data: ${JSON.stringify(JSON.parse(json), null, 1).replace(/\n/g, '')}`,
    );
    expect(indented).not.toBe(CHAT_STREAM);
    for (const suppress of [false, true]) {
      expect(track('chat.completions', CHAT_STREAM, suppress)).toEqual(
        track('chat.completions', indented, suppress),
      );
    }
  });

  it('drops only the usage-only chunk when asked to', () => {
    const withUsageInFinal = sse(
      delta({ content: 'a' }),
      {
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        usage: USAGE,
      },
      { choices: [], usage: USAGE },
      { choices: [], usage: null },
      '[DONE]',
    );
    const { forwarded, result } = track(
      'chat.completions',
      withUsageInFinal,
      true,
    );

    expect(forwarded).toEqual([true, true, false, true, true]);
    expect(result.usage?.totalTokens).toBe(13);
  });

  it('does not count role-only or empty deltas as tokens', () => {
    const { result } = track(
      'chat.completions',
      sse(delta({ role: 'assistant' }), delta({ content: '' }), '[DONE]'),
    );

    expect(result.firstTokenAt).toBeNull();
    expect(result.lastTokenAt).toBeNull();
    expect(result.usage).toBeNull();
  });

  it('counts tool calls and reasoning as generated content', () => {
    const call = { index: 0, id: 'c1', function: { name: 'f', arguments: '' } };
    const args = { index: 0, function: { arguments: '{"x":1}' } };
    const { result } = track(
      'chat.completions',
      sse(
        delta({ reasoning_content: 'think' }),
        delta({ reasoning: ' more' }),
        delta({ role: 'assistant' }),
        delta({ tool_calls: [call] }),
        delta({ tool_calls: [args] }),
      ),
    );

    expect(result.firstTokenAt).toBe(100);
    expect(result.lastTokenAt).toBe(104);
    expect(result.generatedText).toBe('think more{"x":1}');
    expect(result.finished).toBe(false);
  });

  it('takes the finish reason of choice 0 when choices interleave', () => {
    const choice = (index: number, reason: string) => ({
      choices: [{ index, delta: {}, finish_reason: reason }],
    });
    const { result } = track(
      'chat.completions',
      sse(choice(0, 'length'), choice(1, 'stop')),
    );

    expect(result.finishReason).toBe('length');
  });

  it('counts and forwards data that is not a JSON object', () => {
    const { forwarded, result } = track(
      'chat.completions',
      sse('{"broken', '42', delta({ content: 'x' })) + ': ping\n\n',
    );

    expect(forwarded).toEqual([true, true, true, true]);
    expect(result.invalidEvents).toBe(2);
    expect(result.generatedText).toBe('x');
  });

  it('records an error object sent inside the stream', () => {
    const error = { message: 'overloaded', type: 'server_error', code: 503 };
    const { result } = track('chat.completions', sse({ error }));

    expect(result.error).toEqual({
      code: '503',
      type: 'server_error',
      message: 'overloaded',
    });
  });

  it('records an event named error even when its data is not JSON', () => {
    const { result } = track(
      'chat.completions',
      'event: error\ndata: boom\n\n',
    );

    expect(result.error).toEqual({ code: null, type: null, message: 'boom' });
  });
});

describe('StreamUsageTracker for completions', () => {
  it('uses choices[].text', () => {
    const text = (t: string, reason: string | null = null) => ({
      choices: [{ index: 0, text: t, finish_reason: reason }],
    });
    const { result } = track(
      'completions',
      sse(text(''), text('Once'), text(' upon', 'length'), '[DONE]'),
    );

    expect(result).toMatchObject({
      firstTokenAt: 101,
      lastTokenAt: 102,
      finishReason: 'length',
      generatedText: 'Once upon',
      finished: true,
    });
  });
});
