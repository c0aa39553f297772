import OpenAI from 'openai';
import type { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import type { Environment } from '@app/persistence';
import { warmUpTokenizer } from '../../apps/gateway/src/recording/token-estimator';
import {
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from './gateway-app';
import { testDatabases, type TestDatabase } from './test-databases';

/** A fake backend, a fresh SQLite database, a gateway between them and a client for it. */
export interface GatewaySuite {
  backend: FakeBackend;
  database: TestDatabase;
  gateway: RunningGateway;
  client: OpenAI;
  close(): Promise<void>;
}

export async function startGatewaySuite(
  settings: Partial<GatewayConfig> = {},
  apiKey = 'sk-test',
  environment: Environment = {},
): Promise<GatewaySuite> {
  // As main.ts does at boot, so that no test pays for building the tokenizer.
  warmUpTokenizer();
  const backend = await startFakeBackend();
  const database = await testDatabases()[0][1]();
  const gateway = await startGateway(
    { ...settings, backendUrl: backend.url },
    { url: database.url },
    environment,
  );
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey,
    maxRetries: 0,
  });
  return {
    backend,
    database,
    gateway,
    client,
    close: async () => {
      await gateway.close();
      await backend.close();
      await database.drop();
    },
  };
}
