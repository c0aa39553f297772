import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface BadRequest {
  statusCode: number;
  error: string;
  message: string[];
}

/** [query, the parameters the message must name] */
const BAD_WINDOWS: [string, string[]][] = [
  ['start=yesterday', ['start']],
  ['start=1705314600000', ['start']],
  ['start=2024-02-30', ['start']],
  ['start=2024-13-01T00:00:00', ['start']],
  ['start=2024-01-01T25:00:00', ['start']],
  ['start=2024-01-01T00:00:00%2B25:00', ['start']],
  ['start=', ['start']],
  ['start=2024-01-01&start=2024-01-02', ['start']],
  ['end=2024-04-31', ['end']],
  ['end=01/02/2024', ['end']],
  ['start=2024-01-02&end=2024-01-01', ['start', 'end']],
  [
    'start=2024-01-01T12:00:00Z&end=2024-01-01T13:00:00%2B02:00',
    ['start', 'end'],
  ],
  ['unexpected=1', ['unexpected']],
  ['__proto__=1', ['__proto__']],
  ['constructor=1', ['constructor']],
  ['prototype=x&start=2024-01-01', ['prototype']],
];

const BAD_METRICS: [string, string[]][] = [
  ['top=0', ['top']],
  ['top=101', ['top']],
  ['top=1.5', ['top']],
  ['top=ten', ['top']],
  ['limit=5', ['limit']],
];

const BAD_LISTINGS: [string, string[]][] = [
  ['limit=0', ['limit']],
  ['limit=10001', ['limit']],
  ['limit=-1', ['limit']],
  ['limit=2.5', ['limit']],
  ['limit=all', ['limit']],
  ['limit=', ['limit']],
  ['before_id=0', ['before_id']],
  ['before_id=abc', ['before_id']],
  ['before_id=999999', ['before_id']],
  ['limit=5&before_id=999999', ['before_id']],
  ['success=yes', ['success']],
  ['success=1', ['success']],
  ['success=true&success=false', ['success']],
  ['success=toString', ['success']],
  ['endpoint=chat', ['endpoint']],
  ['endpoint=Chat.Completions', ['endpoint']],
  ['model=', ['model']],
  [`model=${'m'.repeat(256)}`, ['model']],
  ['top=5', ['top']],
  ['user=', ['user']],
  [`user=${'u'.repeat(257)}`, ['user']],
  ['api_key_id=sk-live-key', ['api_key_id']],
  ['api_key_id=0123456789ABCDEF', ['api_key_id']],
  ['tag=team', ['tag']],
  ['tag=Team:search', ['tag']],
  ['tag=team:', ['tag']],
  ['tag=team:search&tag=bad', ['tag']],
  [`tag=team:${'v'.repeat(129)}`, ['tag']],
];

describeEachDatabase('bad parameters on %s', (_kind, createDatabase) => {
  const api = useMetricsApp(createDatabase, {
    records: FIXTURE_RECORDS,
    now: FIXTURE_NOW,
  });

  const expectBadRequest = async (path: string, names: string[]) => {
    const { status, body } = await api.get<BadRequest>(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const message = body.message.join('\n');
    for (const name of names) expect(message).toContain(name);
  };

  it.each(BAD_WINDOWS)('/metrics?%s answers 400 naming %j', (query, names) =>
    expectBadRequest(`/metrics?${query}`, names),
  );

  it.each(BAD_WINDOWS)(
    '/completion_requests?%s answers 400 naming %j',
    (query, names) => expectBadRequest(`/completion_requests?${query}`, names),
  );

  it.each(BAD_METRICS)('/metrics?%s answers 400 naming %j', (query, names) =>
    expectBadRequest(`/metrics?${query}`, names),
  );

  it.each(BAD_LISTINGS)(
    '/completion_requests?%s answers 400 naming %j',
    (query, names) => expectBadRequest(`/completion_requests?${query}`, names),
  );

  it('says which form a date takes', async () => {
    const { body } = await api.get<BadRequest>('/metrics?end=tomorrow');
    expect(body.message).toEqual([
      expect.stringMatching(/^end must be an ISO 8601 date or date-time/),
    ]);
  });

  it('names both dates with their values when start is after end', async () => {
    const { body } = await api.get<BadRequest>(
      '/metrics?start=2024-01-02&end=2024-01-01T12:00:00',
    );
    expect(body.message).toEqual([
      'start (2024-01-02T00:00:00.000Z) must not be after end (2024-01-01T12:00:00.000Z)',
    ]);
  });

  it('names the valid endpoints', async () => {
    const { body } = await api.get<BadRequest>(
      '/completion_requests?endpoint=chat',
    );
    expect(body.message.join()).toContain(
      'chat.completions, completions, responses, embeddings',
    );
  });
});
