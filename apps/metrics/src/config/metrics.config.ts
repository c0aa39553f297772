import { registerAs } from '@nestjs/config';

/** The metrics API's own settings; every default is here. */
export const metricsConfig = registerAs('metrics', () => ({
  port: Number(process.env.METRICS_PORT || 8002),
  host: process.env.METRICS_HOST || '0.0.0.0',
  corsOrigins: (process.env.CORS_ORIGINS || '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  apiToken: process.env.METRICS_API_TOKEN || undefined,
  // Swagger UI and the OpenAPI document; off where the API's shape should not be browsable.
  docs: process.env.METRICS_DOCS !== 'false',
}));

export type MetricsConfig = ReturnType<typeof metricsConfig>;
