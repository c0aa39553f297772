import { registerAs } from '@nestjs/config';

const unlessEmpty = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

/** Who a request is attributed to and what it cost; every default is here. */
export const attributionConfig = registerAs('attribution', () => ({
  // User ids can be personal data: `false` records none.
  recordUser: process.env.RECORD_USER !== 'false',
  // Without a secret, key ids are plain SHA-256: anyone holding a key can find its id.
  apiKeyHashSecret: unlessEmpty(process.env.API_KEY_HASH_SECRET),
  apiKeyNamesFile: unlessEmpty(process.env.API_KEY_NAMES),
  pricesFile: unlessEmpty(process.env.PRICES_FILE),
}));

export type AttributionConfig = ReturnType<typeof attributionConfig>;
