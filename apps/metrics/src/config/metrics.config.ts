import { configFactory } from '@app/persistence/config/config-factory';
import type { MetricsEnvironment } from './metrics.environment';

/** The metrics API's own settings, from its validated environment (the defaults are there). */
export const metricsConfig = configFactory(
  'metrics',
  (environment: MetricsEnvironment) => ({
    port: environment.METRICS_PORT,
    host: environment.METRICS_HOST,
    corsOrigins: environment.CORS_ORIGINS,
    apiToken: environment.METRICS_API_TOKEN,
    docs: environment.METRICS_DOCS,
  }),
);

export type MetricsConfig = ReturnType<typeof metricsConfig>;
