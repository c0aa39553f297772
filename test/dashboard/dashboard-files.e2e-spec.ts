import { buildDashboardIfNeeded } from '../support/browser';
import {
  startMetricsApp,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { testDatabases, type TestDatabase } from '../support/test-databases';

const TOKEN = 'dashboard-files-token-0123456789';

/** The built dashboard as the metrics app serves it, beside the API; no browser needed. */
describe('dashboard files served by the metrics app', () => {
  let database: TestDatabase;
  let api: RunningMetricsApp;

  beforeAll(async () => {
    buildDashboardIfNeeded();
    database = await testDatabases()[0][1]();
    api = await startMetricsApp({ databaseUrl: database.url, apiToken: TOKEN });
  });

  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  const fetchText = async (
    path: string,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    return { response, body: await response.text() };
  };

  it('serves the page at / without a token, with a strict content policy', async () => {
    const { response, body } = await fetchText('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('<script src="app.js" defer></script>');
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([
    ['/app.js', /javascript/],
    ['/app.css', /^text\/css/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ])('serves %s', async (path, type) => {
    const { response, body } = await fetchText(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(type);
    expect(body.length).toBeGreaterThan(100);
  });

  it('bundles everything it needs: no request leaves this origin', async () => {
    const { body } = await fetchText('/index.html');
    expect(body).not.toMatch(/(src|href)="(https?:)?\/\//);
    const script = await fetchText('/app.js');
    expect(script.body).not.toMatch(/import\s*\(|from\s*["']https?:/);
  });

  it('leaves the API routes to the API', async () => {
    const metrics = await fetchText('/metrics');
    expect(metrics.response.status).toBe(401);
    const authorized = await fetchText('/metrics', {
      Authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(authorized.body)).toMatchObject({ total_requests: 0 });
    const series = await fetchText('/metrics/timeseries');
    expect(series.response.status).toBe(401);
    expect((await fetchText('/health/live')).response.status).toBe(200);
    const docs = await fetchText('/docs');
    expect(docs.body).toContain('swagger-ui');
  });

  it('answers 404 for an unknown path, not the page', async () => {
    const { response, body } = await fetchText('/no-such-page');
    expect(response.status).toBe(404);
    expect(JSON.parse(body)).toMatchObject({ statusCode: 404 });
  });
});
