import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { DAILY_SERIES, type Series } from '../fixtures/timeseries.answers';
import { useMetricsApp } from '../support/metrics-app';
import { testDatabases } from '../support/test-databases';

const TOKEN = 'timeseries-token-0123456789';

describe('GET /metrics/timeseries with METRICS_API_TOKEN set', () => {
  const api = useMetricsApp(testDatabases()[0][1], {
    records: FIXTURE_RECORDS,
    now: FIXTURE_NOW,
    apiToken: TOKEN,
  });

  it('needs the token, as /metrics does', async () => {
    const refused = await api.get('/metrics/timeseries');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      'Bearer realm="metrics"',
    );
    const answered = await api.get<Series>('/metrics/timeseries?bucket=1d', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual(DAILY_SERIES);
  });

  it('is documented with its parameters and answer', async () => {
    type Operation = {
      parameters: { name: string; required: boolean; schema: object }[];
      responses: Record<string, { content?: unknown }>;
      security?: object[];
      summary?: string;
    };
    const { body } = await api.get<{
      paths: Record<string, { get: Operation }>;
    }>('/docs-json');
    const operation = body.paths['/metrics/timeseries'].get;
    const params = Object.fromEntries(
      operation.parameters.map((p) => [p.name, p]),
    );
    expect(Object.keys(params).sort()).toEqual([
      'api_key_id',
      'bucket',
      'end',
      'model',
      'start',
      'tag',
      'user',
    ]);
    for (const filter of ['model', 'user', 'api_key_id', 'tag']) {
      expect(params[filter]).toMatchObject({ required: false });
    }
    expect(params.bucket).toMatchObject({
      required: false,
      schema: { enum: ['auto', '1m', '5m', '1h', '1d'], default: 'auto' },
    });
    expect(operation.security).toEqual([{ bearer: [] }]);
    expect(operation.summary).toEqual(expect.any(String));
    expect(JSON.stringify(operation.responses['200'].content)).toContain(
      'TimeseriesResponseDto',
    );
    expect(operation.responses).toHaveProperty('400');
  });
});
