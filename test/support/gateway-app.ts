import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import {
  databaseConfig,
  RecordWriter,
  spoolConfig,
  type DatabaseConfig,
  type SpoolConfig,
} from '@app/persistence';
import {
  gatewayConfig,
  type GatewayConfig,
} from '../../apps/gateway/src/config/gateway.config';
import { configureGateway } from '../../apps/gateway/src/configure-gateway';
import { GatewayAppModule } from '../../apps/gateway/src/gateway-app.module';
import { testSpool } from './persistence-testing';

export interface RunningGateway {
  app: NestExpressApplication;
  url: string;
  writer: RecordWriter;
  close(): Promise<void>;
}

/** The gateway as main.ts builds it, on an ephemeral port, with settings overridden. */
export async function startGateway(
  gateway: Partial<GatewayConfig> & { backendUrl: string },
  database: Partial<DatabaseConfig> & { url: string },
  spool: SpoolConfig = testSpool(),
): Promise<RunningGateway> {
  const moduleRef = await Test.createTestingModule({
    imports: [GatewayAppModule],
  })
    .overrideProvider(gatewayConfig.KEY)
    .useValue({ ...gatewayConfig(), ...gateway })
    .overrideProvider(databaseConfig.KEY)
    .useValue({ ...databaseConfig(), flushIntervalMs: 20, ...database })
    .overrideProvider(spoolConfig.KEY)
    .useValue(spool)
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
    close: () => app.close(),
  };
}
