import { configFactory } from '@app/persistence/config/config-factory';
import type { GatewayEnvironment } from './gateway.environment';

/** Who a request is attributed to and what it cost, from the validated environment. */
export const attributionConfig = configFactory(
  'attribution',
  (environment: GatewayEnvironment) => ({
    recordUser: environment.RECORD_USER,
    apiKeyHashSecret: environment.API_KEY_HASH_SECRET,
    apiKeyNamesFile: environment.API_KEY_NAMES,
    pricesFile: environment.PRICES_FILE,
  }),
);

export type AttributionConfig = ReturnType<typeof attributionConfig>;
