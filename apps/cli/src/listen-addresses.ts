import type { Environment } from '@app/persistence/config/environment-fields';
import { loadEnvironment } from '@app/persistence/config/validate-environment';
import { gatewayConfig } from '../../gateway/src/config/gateway.config';
import { GatewayEnvironment } from '../../gateway/src/config/gateway.environment';
import { metricsConfig } from '../../metrics/src/config/metrics.config';
import { MetricsEnvironment } from '../../metrics/src/config/metrics.environment';

export interface ListenAddress {
  app: 'gateway' | 'metrics';
  host: string;
  port: number;
  /** The gateway's only probe route; the metrics API's readiness (the database answers). */
  path: string;
}

/**
 * Where each app listens under `environment`, read through the apps' own validation and
 * defaults; an app whose environment does not validate would not have started, and is left
 * out. Used by scripts/healthcheck.js, every few seconds: it loads the config files only, not
 * the persistence library's database code.
 */
export function listenAddresses(environment: Environment): ListenAddress[] {
  const addresses: ListenAddress[] = [];
  try {
    const { host, port } = gatewayConfig(
      loadEnvironment(GatewayEnvironment, environment),
    );
    addresses.push({ app: 'gateway', host, port, path: '/health' });
  } catch {
    // Not a valid gateway environment: this container does not run the gateway.
  }
  try {
    const { host, port } = metricsConfig(
      loadEnvironment(MetricsEnvironment, environment),
    );
    addresses.push({ app: 'metrics', host, port, path: '/health' });
  } catch {
    // Not a valid metrics environment: this container does not run the metrics API.
  }
  return addresses;
}
