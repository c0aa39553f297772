import { SessionRecorder, type SessionRecord } from './session-recorder';

const event = (value: object) => JSON.stringify(value);
const created = (id: string) =>
  event({ type: 'response.created', response: { id } });
const delta = (id?: string) =>
  event({ type: 'response.output_text.delta', response_id: id, delta: 'x' });
const done = (id: string, status = 'completed') =>
  event({
    type: 'response.done',
    response: {
      id,
      status,
      usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
    },
  });

function recorder(): {
  records: SessionRecord[];
  session: SessionRecorder;
} {
  const records: SessionRecord[] = [];
  const session = new SessionRecorder(
    { requestId: 'req', origin: 'app', model: 'm1', statusCode: 101 },
    (record) => records.push(record),
  );
  return { records, session };
}

describe('SessionRecorder', () => {
  it('times each response from response.created, concurrent ones apart', () => {
    const { records, session } = recorder();
    const t = performance.now();
    session.onText(created('a'), t);
    session.onText(created('b'), t + 10);
    session.onText(delta('a'), t + 20);
    session.onText(delta('b'), t + 30);
    session.onText(delta('a'), t + 50);
    session.onText(done('b'), t + 60);
    session.onText(done('a'), t + 100);
    expect(records.map((r) => r.timeToFirstTokenMs)).toEqual([20, 20]);
    expect(records.map((r) => r.timeToLastTokenMs)).toEqual([20, 50]);
    expect(records.map((r) => r.responseTimeMs)).toEqual([50, 100]);
    expect(records[1]).toMatchObject({
      endpoint: 'realtime',
      model: 'm1',
      origin: 'app',
      requestId: 'req',
      statusCode: 101,
      promptTokens: 3,
      completionTokens: 4,
      totalTokens: 7,
      finishReason: 'completed',
      success: true,
    });
    expect(session.inProgress).toBe(0);
  });

  it('gives deltas without a known id to the latest response', () => {
    const { records, session } = recorder();
    const t = performance.now();
    session.onText(created('a'), t);
    session.onText(delta(), t + 5);
    session.onText(delta('unknown'), t + 7);
    session.onText(done('a'), t + 9);
    expect(records[0]).toMatchObject({
      timeToFirstTokenMs: 5,
      timeToLastTokenMs: 7,
    });
  });

  it('follows the model the server reports, and records error events as failures', () => {
    const { records, session } = recorder();
    const t = performance.now();
    session.onText(
      event({ type: 'session.updated', session: { model: 'm2' } }),
      t,
    );
    session.onText(created('a'), t);
    session.onText(
      event({ type: 'error', error: { code: 'bad', message: 'no' } }),
      t,
    );
    session.onText(done('a', 'cancelled'), t + 1);
    expect(records[0]).toMatchObject({
      model: 'm2',
      success: false,
      errorType: 'backend_error',
      errorMessage: 'bad: no',
      finishReason: 'cancelled',
    });
  });

  it('ends the responses in progress when the session ends, and ignores their late done', () => {
    const { records, session } = recorder();
    const t = performance.now();
    session.onText(created('a'), t);
    session.onText(delta('a'), t + 1);
    session.end('stream_interrupted', 'the server closed the session (1011)');
    session.onText(done('a'), t + 5);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      success: false,
      errorType: 'stream_interrupted',
      totalTokens: null,
      timeToFirstTokenMs: 1,
    });
  });
});
