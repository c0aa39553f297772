import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

const TOKEN = 'metrics-token-0123456789abcdef';
const DASHBOARD = 'https://dashboard.example.com';
const DATA_ROUTES = [
  '/metrics',
  '/completion_requests',
  '/completion_requests?limit=2',
];
const HEALTH_ROUTES = ['/health', '/health/live'];

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'authorization',
    },
  });

describeEachDatabase('auth and CORS on %s', (_kind, create) => {
  describe('with METRICS_API_TOKEN set and one allowed origin', () => {
    const api = useMetricsApp(create, {
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
      apiToken: TOKEN,
      corsOrigins: [DASHBOARD],
    });

    it.each(DATA_ROUTES)('refuses %s without a token', async (path) => {
      const { status, headers, body } = await api.get(path);
      expect(status).toBe(401);
      expect(headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(body).toMatchObject({ statusCode: 401 });
    });

    it.each([
      ['a wrong token', `Bearer ${TOKEN}x`],
      ['a prefix of the token', `Bearer ${TOKEN.slice(0, 10)}`],
      ['another scheme', `Basic ${TOKEN}`],
      ['the bare token', TOKEN],
      ['an empty bearer', 'Bearer '],
    ])('refuses %s', async (_name, authorization) => {
      const { status } = await api.get('/metrics', {
        Authorization: authorization,
      });
      expect(status).toBe(401);
    });

    it.each(DATA_ROUTES)('answers %s with the token', async (path) => {
      const { status } = await api.get(path, {
        Authorization: `Bearer ${TOKEN}`,
      });
      expect(status).toBe(200);
    });

    it('takes the scheme in any case', async () => {
      const { status } = await api.get('/metrics', {
        Authorization: `bearer ${TOKEN}`,
      });
      expect(status).toBe(200);
    });

    it.each(HEALTH_ROUTES)('answers %s without a token', async (path) => {
      const { status } = await api.get(path);
      expect(status).toBe(200);
    });

    it('checks parameters only once the token is accepted', async () => {
      const { status } = await api.get('/metrics?top=0');
      expect(status).toBe(401);
    });

    it('answers the preflight of an allowed origin without a token', async () => {
      const response = await preflight(`${api.url}/metrics`, DASHBOARD);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(
        DASHBOARD,
      );
      expect(
        response.headers.get('access-control-allow-headers')?.toLowerCase(),
      ).toContain('authorization');
      expect(response.headers.get('access-control-allow-methods')).toContain(
        'GET',
      );
    });

    it('lets the allowed origin read the answer and the paging headers', async () => {
      const { headers } = await api.get('/completion_requests?limit=2', {
        Origin: DASHBOARD,
        Authorization: `Bearer ${TOKEN}`,
      });
      expect(headers.get('access-control-allow-origin')).toBe(DASHBOARD);
      expect(headers.get('access-control-expose-headers')).toBe(
        'Link,X-Next-Before-Id',
      );
      expect(headers.get('x-next-before-id')).toEqual(expect.any(String));
    });

    it('gives another origin no CORS grant', async () => {
      const response = await preflight(
        `${api.url}/metrics`,
        'https://elsewhere.example.com',
      );
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const { headers } = await api.get('/metrics', {
        Origin: 'https://elsewhere.example.com',
        Authorization: `Bearer ${TOKEN}`,
      });
      expect(headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('without METRICS_API_TOKEN and with the default origins', () => {
    const api = useMetricsApp(create, { records: FIXTURE_RECORDS });

    it.each([...DATA_ROUTES, ...HEALTH_ROUTES])(
      'answers %s without a token',
      async (path) => {
        const { status } = await api.get(path);
        expect(status).toBe(200);
      },
    );

    it('ignores a token it does not expect', async () => {
      const { status } = await api.get('/metrics', {
        Authorization: 'Bearer anything',
      });
      expect(status).toBe(200);
    });

    it('allows any origin', async () => {
      const response = await preflight(
        `${api.url}/completion_requests`,
        'https://any.example.org',
      );
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const { headers } = await api.get('/metrics', {
        Origin: 'https://any.example.org',
      });
      expect(headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('with METRICS_DOCS=false', () => {
    const api = useMetricsApp(create, { apiToken: TOKEN, docs: false });

    it.each(['/docs', '/docs-json'])('serves no %s', async (path) => {
      await expect(api.get(path)).resolves.toMatchObject({ status: 404 });
    });

    it('still answers the data routes', async () => {
      const { status } = await api.get('/metrics', {
        Authorization: `Bearer ${TOKEN}`,
      });
      expect(status).toBe(200);
    });
  });
});
