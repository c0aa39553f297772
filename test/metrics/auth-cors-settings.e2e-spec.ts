import { useMetricsApp } from '../support/metrics-app';
import { testDatabases } from '../support/test-databases';
import { METRICS } from '../deploy/support/app-contract';

const DASHBOARD = 'https://dash.example.com';
const OPS = 'https://ops.example.com';

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    },
  });

/** The token's length as the metrics app checks it at start-up. */
const refusal = (token: string): string | null => {
  try {
    METRICS.validate({
      DATABASE_URL: 'sqlite::memory:',
      METRICS_API_TOKEN: token,
    });
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('METRICS_API_TOKEN', () => {
  it('is refused at start-up below 16 characters, naming the key', () => {
    expect(refusal('x'.repeat(15))).toContain(
      'METRICS_API_TOKEN must be at least 16 characters',
    );
  });

  it('is taken at 16 characters', () => {
    expect(refusal('x'.repeat(16))).toBeNull();
  });
});

describe('CORS with two origins', () => {
  const api = useMetricsApp(testDatabases()[0][1], {
    corsOrigins: [DASHBOARD, OPS],
  });

  it.each([DASHBOARD, OPS])(
    'grants %s, preflight cached for 10 minutes',
    async (origin) => {
      const response = await preflight(`${api.url}/metrics`, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-max-age')).toBe('600');
      const { headers } = await api.get('/metrics', { Origin: origin });
      expect(headers.get('access-control-allow-origin')).toBe(origin);
    },
  );

  it('grants neither to a third origin', async () => {
    const response = await preflight(
      `${api.url}/metrics`,
      'https://dash.example.com.evil.example',
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
