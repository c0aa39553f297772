import {
  ALL_TIME_METRICS,
  EMPTY_WINDOW_METRICS,
} from '../fixtures/metrics-api.answers';
import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

type Metrics = typeof ALL_TIME_METRICS;

/** Records 5 to 10 (2024-01-15T01:00Z onwards), worked out by hand. */
const FROM_JANUARY_15 = {
  total_requests: 6,
  successful_requests: 3,
  failed_requests: 3,
  recent_requests_24h: 6,
  streaming_requests: 4,
  non_streaming_requests: 2,
  total_tokens_used: 77,
  total_prompt_tokens: 35,
  total_completion_tokens: 42,
  avg_tokens_per_request: 25.67,
  avg_response_time_ms: 546.67,
  avg_tokens_per_second: 45,
  avg_time_to_first_token_ms: 170,
  time_to_first_token_ms: { p50: 80, p95: 400, p99: 400 },
  response_time_ms: { p50: 260, p95: 1420, p99: 1420 },
  estimated_tokens_share: 0,
  top_models: [
    { model: 'gpt-3.5-turbo', count: 2 },
    { model: 'gpt-4', count: 2 },
    { model: 'GPT-4', count: 1 },
    { model: 'text-embedding-3-small', count: 1 },
  ],
  top_origins: [
    { origin: 'app.example.com', count: 2 },
    { origin: 'custom-client', count: 2 },
    { origin: 'OpenAI/JS', count: 1 },
  ],
  finish_reasons: [
    { reason: 'completed', count: 1 },
    { reason: 'stop', count: 1 },
  ],
  error_types: [
    { type: 'backend_error', count: 1 },
    { type: 'client_disconnected', count: 1 },
    { type: 'invalid_request', count: 1 },
  ],
  window: { start: '2024-01-15T00:00:00.000Z' },
};

/** Records 1 to 3: the end (2024-01-14T12:00Z, record 4) is exclusive. */
const UNTIL_JANUARY_14_NOON = {
  total_requests: 3,
  successful_requests: 3,
  failed_requests: 0,
  recent_requests_24h: 1,
  streaming_requests: 2,
  non_streaming_requests: 1,
  total_tokens_used: 150,
  avg_tokens_per_request: 50,
  avg_response_time_ms: 690,
  avg_tokens_per_second: 53.33,
  avg_time_to_first_token_ms: 200,
  time_to_first_token_ms: { p50: 200, p95: 300, p99: 300 },
  estimated_tokens_share: 0.3333,
  top_models: [
    { model: 'gpt-4', count: 2 },
    { model: 'gpt-3.5-turbo', count: 1 },
  ],
  finish_reasons: [
    { reason: 'stop', count: 2 },
    { reason: 'length', count: 1 },
  ],
  error_types: [],
  window: { end: '2024-01-14T12:00:00.000Z' },
};

/** Records 3 to 6: start inclusive (14T00:00Z), end exclusive (15T03:00Z, record 7). */
const JANUARY_14_TO_15 = {
  total_requests: 4,
  successful_requests: 3,
  failed_requests: 1,
  recent_requests_24h: 4,
  streaming_requests: 2,
  non_streaming_requests: 2,
  total_tokens_used: 127,
  avg_tokens_per_request: 42.33,
  avg_response_time_ms: 407.5,
  avg_tokens_per_second: 60,
  estimated_tokens_share: 0.25,
  top_models: [
    { model: 'gpt-3.5-turbo', count: 2 },
    { model: 'gpt-4', count: 1 },
    { model: 'text-embedding-3-small', count: 1 },
  ],
  window: {
    start: '2024-01-14T00:00:00.000Z',
    end: '2024-01-15T03:00:00.000Z',
  },
};

describeEachDatabase('GET /metrics on %s', (_kind, createDatabase) => {
  const api = useMetricsApp(createDatabase, {
    records: FIXTURE_RECORDS,
    now: FIXTURE_NOW,
  });

  const metrics = async (query = '') => {
    const answer = await api.get<Metrics>(`/metrics${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('answers every figure for all time', async () => {
    await expect(metrics()).resolves.toEqual(ALL_TIME_METRICS);
  });

  it.each([
    ['start only', '?start=2024-01-15T00:00:00', FROM_JANUARY_15],
    ['end only', '?end=2024-01-14T12:00:00', UNTIL_JANUARY_14_NOON],
    [
      'start and end',
      '?start=2024-01-14T00:00:00&end=2024-01-15T03:00:00',
      JANUARY_14_TO_15,
    ],
  ])('filters by %s', async (_name, query, expected) => {
    await expect(metrics(query)).resolves.toMatchObject(expected);
  });

  it.each([
    ['a date alone', '2024-01-15'],
    ['Z', '2024-01-15T00:00:00Z'],
    ['milliseconds', '2024-01-15T00:00:00.000Z'],
    ['a positive offset', encodeURIComponent('2024-01-15T02:00:00+02:00')],
    ['an unencoded + offset', '2024-01-15T02:00:00+02:00'],
    ['a negative offset', '2024-01-14T19:00:00-05:00'],
  ])('reads a start with %s as the same instant', async (_name, start) => {
    const body = await metrics(`?start=${start}`);
    expect(body.total_requests).toBe(FROM_JANUARY_15.total_requests);
    expect(body.window).toEqual(FROM_JANUARY_15.window);
  });

  it('treats start equal to end as an empty window', async () => {
    const body = await metrics(
      '?start=2024-01-15T01:00:00Z&end=2024-01-15T01:00:00Z',
    );
    expect(body.total_requests).toBe(0);
  });

  it('answers zeros and empty lists, never nulls, for an empty window', async () => {
    await expect(metrics('?start=2030-01-01')).resolves.toEqual(
      EMPTY_WINDOW_METRICS,
    );
  });

  it('cuts every ranked list to top', async () => {
    const body = await metrics('?top=1');
    expect(body.top_models).toEqual([{ model: 'gpt-4', count: 5 }]);
    expect(body.top_origins).toEqual([{ origin: 'app.example.com', count: 4 }]);
    expect(body.finish_reasons).toEqual([{ reason: 'stop', count: 3 }]);
    expect(body.error_types).toEqual([{ type: 'backend_error', count: 1 }]);
  });

  it('combines top with a window', async () => {
    const body = await metrics('?start=2024-01-15T00:00:00&top=2');
    expect(body.total_requests).toBe(6);
    expect(body.top_models).toEqual(FROM_JANUARY_15.top_models.slice(0, 2));
    expect(body.error_types).toHaveLength(2);
  });

  it('accepts the largest top', async () => {
    const body = await metrics('?top=100');
    expect(body.top_models).toEqual(ALL_TIME_METRICS.top_models);
  });
});
