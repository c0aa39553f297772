import { loadEnvironment } from '@app/persistence';
import { metricsConfig } from './metrics.config';
import { MetricsEnvironment } from './metrics.environment';

const load = (environment: Record<string, string>) =>
  metricsConfig(loadEnvironment(MetricsEnvironment, environment));

describe('metricsConfig', () => {
  it('gives the documented defaults', () => {
    expect(load({})).toEqual({
      port: 8002,
      host: '0.0.0.0',
      corsOrigins: ['*'],
      apiToken: undefined,
      docs: true,
    });
  });

  it('reads CORS_ORIGINS as a trimmed list', () => {
    expect(
      load({ CORS_ORIGINS: 'https://a.example, https://b.example,' })
        .corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
  });

  it('takes * and origins with a port, and refuses what a browser never sends as Origin, naming it', () => {
    expect(
      load({ CORS_ORIGINS: '*,http://localhost:3000' }).corsOrigins,
    ).toEqual(['*', 'http://localhost:3000']);
    expect(() =>
      load({
        CORS_ORIGINS:
          'https://ok.example, grafana.example.com, https://a.example/dash',
      }),
    ).toThrow(
      /CORS_ORIGINS must be \* or .*; not "grafana\.example\.com", "https:\/\/a\.example\/dash"/,
    );
    expect(() => load({ CORS_ORIGINS: ' , ' })).toThrow(/CORS_ORIGINS/);
  });

  it.each(['0', 'off', 'no', 'false'])('reads METRICS_DOCS=%s as off', (v) => {
    expect(load({ METRICS_DOCS: v }).docs).toBe(false);
  });

  it('refuses a boolean it does not know, and a short token, naming both', () => {
    expect(() =>
      load({ METRICS_DOCS: 'hidden', METRICS_API_TOKEN: 'short' }),
    ).toThrow(
      /METRICS_DOCS[\s\S]*METRICS_API_TOKEN|METRICS_API_TOKEN[\s\S]*METRICS_DOCS/,
    );
  });
});
