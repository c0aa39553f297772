import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import {
  RecordWriter,
  type DatabaseConfig,
  type Environment,
} from '@app/persistence';
import type { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { configureGateway } from '../../apps/gateway/src/configure-gateway';
import { GatewayAppModule } from '../../apps/gateway/src/gateway-app.module';
import { TelemetryService } from '../../apps/gateway/src/telemetry/telemetry.service';
import { testSpool } from './persistence-testing';

export interface RunningGateway {
  app: NestExpressApplication;
  url: string;
  writer: RecordWriter;
  /** Its Prometheus scrape URL, on a port of its own. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** The variable each gateway setting is read from. */
const GATEWAY_KEYS: Record<keyof GatewayConfig, string> = {
  port: 'GATEWAY_PORT',
  host: 'GATEWAY_HOST',
  backendUrl: 'BACKEND_URL',
  maxBodyBytes: 'MAX_REQUEST_BODY_BYTES',
  requestBodyTimeoutMs: 'REQUEST_BODY_TIMEOUT_MS',
  requestTimeoutMs: 'REQUEST_TIMEOUT_MS',
  upstreamIdleTimeoutMs: 'UPSTREAM_IDLE_TIMEOUT_MS',
  upstreamMaxSockets: 'UPSTREAM_MAX_SOCKETS',
  injectStreamUsage: 'INJECT_STREAM_USAGE',
  trustProxy: 'TRUST_PROXY',
  keepAliveTimeoutMs: 'KEEP_ALIVE_TIMEOUT_MS',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
};

/** The variable each database setting is read from. */
export const DATABASE_KEYS: Record<keyof DatabaseConfig, string> = {
  url: 'DATABASE_URL',
  migrate: 'DB_MIGRATE',
  flushIntervalMs: 'RECORD_FLUSH_INTERVAL_MS',
  maxBatchSize: 'RECORD_BATCH_SIZE',
  maxBufferedRows: 'RECORD_BUFFER_SIZE',
  retentionDays: 'RETENTION_DAYS',
  retentionBatchSize: 'RETENTION_BATCH_SIZE',
};

/** Settings as the environment variables that give them, as a deployment would set them. */
export function toEnvironment<T extends object>(
  keys: Record<keyof T, string>,
  settings: Partial<T>,
): Environment {
  return Object.fromEntries(
    Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [keys[name as keyof T], String(value)]),
  );
}

/**
 * The gateway as main.ts builds it, from an environment, on an ephemeral port. `gateway` and
 * `database` are settings a suite wants; they are turned into the variables that give them.
 * `environment` adds variables as they are spelled, and wins.
 */
export async function startGateway(
  gateway: Partial<GatewayConfig> & { backendUrl: string },
  database: Partial<DatabaseConfig> & { url: string },
  environment: Environment = {},
): Promise<RunningGateway> {
  return startGatewayFrom({
    RECORD_FLUSH_INTERVAL_MS: '20',
    // A spool of its own, so that no test replays another's segments.
    SPOOL_DIR: testSpool().dir ?? 'off',
    ...toEnvironment(GATEWAY_KEYS, gateway),
    ...toEnvironment(DATABASE_KEYS, database),
    ...environment,
  });
}

/**
 * The gateway as main.ts builds it from `environment`, on an ephemeral port. Its log level is
 * the test run's (jest-setup.ts) unless `environment` sets one.
 */
export async function startGatewayFrom(
  environment: Environment,
): Promise<RunningGateway> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      GatewayAppModule.forEnvironment({
        LOG_LEVEL: process.env.LOG_LEVEL,
        // Many gateways run side by side in the tests: each takes a free metrics port.
        PROMETHEUS_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        ...environment,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    forceCloseConnections: true,
  });
  configureGateway(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    writer: app.get(RecordWriter),
    metricsUrl: app.get(TelemetryService).prometheusUrl,
    close: () => app.close(),
  };
}
