import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import {
  databaseConfig,
  RecordWriter,
  type DatabaseConfig,
} from '@app/persistence';
import {
  gatewayConfig,
  type GatewayConfig,
} from '../../apps/gateway/src/config/gateway.config';
import { configureGateway } from '../../apps/gateway/src/configure-gateway';
import {
  telemetryConfig,
  type TelemetryConfig,
} from '../../apps/gateway/src/config/telemetry.config';
import { GatewayAppModule } from '../../apps/gateway/src/gateway-app.module';
import { TelemetryService } from '../../apps/gateway/src/telemetry/telemetry.service';

export interface RunningGateway {
  app: NestExpressApplication;
  url: string;
  writer: RecordWriter;
  /** Its Prometheus scrape URL, on a port of its own. */
  metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** The gateway as main.ts builds it, on an ephemeral port, with settings overridden. */
export async function startGateway(
  gateway: Partial<GatewayConfig> & { backendUrl: string },
  database: Partial<DatabaseConfig> & { url: string },
  telemetry: Partial<TelemetryConfig> = {},
): Promise<RunningGateway> {
  const moduleRef = await Test.createTestingModule({
    imports: [GatewayAppModule],
  })
    .overrideProvider(gatewayConfig.KEY)
    .useValue({ ...gatewayConfig(), ...gateway })
    .overrideProvider(databaseConfig.KEY)
    .useValue({ ...databaseConfig(), flushIntervalMs: 20, ...database })
    // Many gateways run side by side in the tests: each takes a free metrics port.
    .overrideProvider(telemetryConfig.KEY)
    .useValue({
      ...telemetryConfig(),
      prometheusPort: 0,
      prometheusHost: '127.0.0.1',
      ...telemetry,
    })
    .compile();
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
