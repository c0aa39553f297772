import type { AttributionConfig } from '../config/attribution.config';
import { ApiKeyFingerprinter } from './api-key-fingerprint';
import { loadApiKeyNames } from './api-key-names';
import type { AttributionOptions } from './request-attribution';

export interface Attribution {
  options: AttributionOptions;
  /** Key id to readable name; empty without `API_KEY_NAMES`. */
  keyNames: ReadonlyMap<string, string>;
}

/** Builds attribution from its configuration at start-up; a bad names file stops it. */
export function loadAttribution(config: AttributionConfig): Attribution {
  return {
    options: {
      recordUser: config.recordUser,
      fingerprinter: new ApiKeyFingerprinter(config.apiKeyHashSecret),
    },
    keyNames: config.apiKeyNamesFile
      ? loadApiKeyNames(config.apiKeyNamesFile)
      : new Map(),
  };
}
