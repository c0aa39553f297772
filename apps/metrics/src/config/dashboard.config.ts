import { basename, join, resolve } from 'node:path';
import { configFactory } from '@app/persistence/config/config-factory';
import type { MetricsEnvironment } from './metrics.environment';

/** Where the built dashboard is served from; DASHBOARD_DIR (resolved from the working directory) overrides it. */
export const dashboardConfig = configFactory(
  'dashboard',
  (environment: MetricsEnvironment) => ({
    dir: resolve(environment.DASHBOARD_DIR ?? defaultDashboardDir()),
  }),
);

export type DashboardConfig = ReturnType<typeof dashboardConfig>;

/**
 * dist/dashboard, found from this file's place: compiled, it runs from
 * dist/apps/metrics/src/config; from sources (ts-jest, ts-node), from apps/metrics/src/config
 * under the repository root.
 */
function defaultDashboardDir(): string {
  const base = resolve(__dirname, '..', '..', '..', '..');
  return basename(base) === 'dist'
    ? join(base, 'dashboard')
    : join(base, 'dist', 'dashboard');
}
