import { readEvent } from './realtime-events';

describe('readEvent', () => {
  it('recognises deltas of every kind without their response id in the JSON tree', () => {
    for (const type of [
      'response.output_audio.delta',
      'response.audio.delta',
      'response.output_text.delta',
      'response.function_call_arguments.delta',
    ]) {
      const text = JSON.stringify({ type, response_id: 'r1', delta: 'AAAA' });
      expect(readEvent(text)).toEqual({ kind: 'delta', responseId: 'r1' });
    }
  });

  it('reads response.done with its status, error and usage split', () => {
    const text = JSON.stringify({
      type: 'response.done',
      response: {
        id: 'r1',
        status: 'failed',
        status_details: { error: { type: 'server_error', code: 'boom' } },
        usage: {
          total_tokens: 30,
          input_tokens: 20,
          output_tokens: 10,
          input_token_details: {
            text_tokens: 5,
            audio_tokens: 15,
            cached_tokens: 8,
          },
          output_token_details: { text_tokens: 4, audio_tokens: 6 },
        },
      },
    });
    expect(readEvent(text)).toEqual({
      kind: 'done',
      responseId: 'r1',
      status: 'failed',
      error: { type: 'server_error', code: 'boom', message: null },
      usage: {
        inputTokens: 20,
        outputTokens: 10,
        totalTokens: 30,
        inputTextTokens: 5,
        inputAudioTokens: 15,
        outputTextTokens: 4,
        outputAudioTokens: 6,
        cachedTokens: 8,
      },
    });
  });

  it('reads the model of session events, errors, and ignores the rest', () => {
    expect(
      readEvent('{"type":"session.updated","session":{"model":"m2"}}'),
    ).toEqual({
      kind: 'session',
      model: 'm2',
    });
    expect(readEvent('{"type":"error","error":{"message":"bad"}}')).toEqual({
      kind: 'error',
      error: { code: null, type: null, message: 'bad' },
    });
    expect(readEvent('{"type":"input_audio_buffer.committed"}')).toBeNull();
    expect(readEvent('not json')).toBeNull();
    expect(readEvent('[1]')).toBeNull();
  });

  it('treats counts that are not non-negative integers as not reported', () => {
    const text = JSON.stringify({
      type: 'response.done',
      response: {
        id: 'r',
        usage: { input_tokens: -1, output_tokens: 1.5, total_tokens: '3' },
      },
    });
    expect(readEvent(text)).toMatchObject({
      usage: { inputTokens: null, outputTokens: null, totalTokens: null },
    });
  });
});
