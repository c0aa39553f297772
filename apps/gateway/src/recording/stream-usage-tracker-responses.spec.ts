import { SseParser, type SseEventView } from './sse-parser';
import { StreamUsageTracker } from './stream-usage-tracker';

/** Feeds the stream's events one millisecond apart, starting at t=100. */
function track(stream: string) {
  const tracker = new StreamUsageTracker('responses', 50, {
    suppressUsageOnlyChunk: true,
  });
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

describe('StreamUsageTracker for the responses API', () => {
  const event = (type: string, body: object = {}) =>
    `event: ${type}\ndata: ${JSON.stringify({ type, ...body })}\n\n`;
  const response = (status: string, extra: object = {}) => ({
    response: {
      status,
      usage: { input_tokens: 7, output_tokens: 3, total_tokens: 10 },
      ...extra,
    },
  });

  it("takes the model of the first event's response", () => {
    const { result } = track(
      event('response.created', {
        response: { status: 'in_progress', model: 'o3-2025-04-16' },
      }) + event('response.completed', response('completed', { model: 'x' })),
    );

    expect(result.responseModel).toBe('o3-2025-04-16');
  });

  it('tracks deltas and the completed event', () => {
    const { forwarded, result } = track(
      event('response.created', { response: { status: 'in_progress' } }) +
        event('response.output_text.delta', { delta: 'Hi' }) +
        event('response.output_text.delta', { delta: '' }) +
        event('response.function_call_arguments.delta', { delta: '{}' }) +
        event('response.output_text.done', { text: 'Hi' }) +
        event('response.completed', response('completed')),
    );

    expect(forwarded.every(Boolean)).toBe(true);
    expect(result).toMatchObject({
      firstTokenAt: 101,
      lastTokenAt: 103,
      finishReason: 'completed',
      usage: { promptTokens: 7, completionTokens: 3, totalTokens: 10 },
      finished: true,
      generatedText: '',
      error: null,
    });
  });

  it('keeps the text of deltas when no usage was reported', () => {
    const { result } = track(
      event('response.output_text.delta', { delta: 'Hi' }) +
        event('response.function_call_arguments.delta', { delta: '{}' }) +
        event('response.completed', response('completed', { usage: null })),
    );

    expect(result.usage).toBeNull();
    expect(result.generatedText).toBe('Hi{}');
  });

  it('prefers the incomplete reason over the status', () => {
    const incomplete = response('incomplete', {
      incomplete_details: { reason: 'max_output_tokens' },
    });
    const { result } = track(event('response.incomplete', incomplete));

    expect(result.finishReason).toBe('max_output_tokens');
    expect(result.finished).toBe(true);
  });

  it('records the error of a failed response', () => {
    const failed = response('failed', {
      error: { code: 'server_error', message: 'oops' },
    });
    const { result } = track(event('response.failed', failed));

    expect(result.finishReason).toBe('failed');
    expect(result.error).toEqual({
      code: 'server_error',
      type: null,
      message: 'oops',
    });
  });

  it('records an error event and does not treat [DONE] as the end', () => {
    const { result } = track(
      event('error', { code: 'rate_limit_exceeded', message: 'slow down' }) +
        'data: [DONE]\n\n',
    );

    expect(result.error).toEqual({
      code: 'rate_limit_exceeded',
      type: null,
      message: 'slow down',
    });
    expect(result.finished).toBe(false);
    expect(result.invalidEvents).toBe(1);
  });

  it('times audio deltas without adding base64 to the text', () => {
    const { result } = track(event('response.audio.delta', { delta: 'UklGR' }));

    expect(result.firstTokenAt).toBe(100);
    expect(result.generatedText).toBe('');
  });
});
