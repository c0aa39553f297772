import { asObject, type JsonObject } from './payload-fields.util';

/**
 * The model a backend names in a body or a stream event: its `model`, or that of the Responses
 * API's `response` object (where that API's stream events carry it). An empty name is none.
 */
export function readResponseModel(payload: JsonObject): string | null {
  const model = payload.model ?? asObject(payload.response)?.model;
  return typeof model === 'string' && model !== '' ? model : null;
}
