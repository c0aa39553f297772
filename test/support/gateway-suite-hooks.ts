import type { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import { startGatewaySuite, type GatewaySuite } from './gateway-suite';

/**
 * Starts a gateway suite before the calling describe's tests and closes it after them,
 * resetting the fake backend before each test. `use` receives the suite once it runs.
 */
export function useGatewaySuite(
  use: (suite: GatewaySuite) => void,
  settings: Partial<GatewayConfig> = {},
  apiKey?: string,
): void {
  let suite: GatewaySuite;

  beforeAll(async () => {
    suite = await startGatewaySuite(settings, apiKey);
    use(suite);
  });

  afterAll(() => suite.close());

  beforeEach(() => suite.backend.reset());
}
