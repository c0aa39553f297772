import type { AttributionConfig } from '../config/attribution.config';
import { ApiKeyFingerprinter } from './api-key-fingerprint';
import type { AttributionOptions } from './request-attribution';

/**
 * Builds attribution from its configuration at start-up. Key names are the metrics API's
 * (API_KEY_NAMES is read there): the gateway records ids only.
 */
export function loadAttribution(config: AttributionConfig): AttributionOptions {
  return {
    recordUser: config.recordUser,
    fingerprinter: new ApiKeyFingerprinter(config.apiKeyHashSecret),
  };
}
