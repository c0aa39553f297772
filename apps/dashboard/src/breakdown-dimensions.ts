import type { BreakdownRow } from './api-types';
import { el } from './dom';

/** A dimension of /metrics/breakdown with a table of its own. */
export interface Dimension {
  /** The `by` parameter of /metrics/breakdown. */
  by: string;
  /** The id of its panel. */
  id: string;
  title: string;
  column: string;
  /** The row of the records without a value (no user, no key, no such tag). */
  noneLabel: string;
  /** What the row's header cell shows: the value, as text. */
  label(row: BreakdownRow & { value: string }): (Node | string)[];
}

const asText = (row: { value: string }) => [row.value];

export const MODEL: Dimension = {
  by: 'model',
  id: 'by-model',
  title: 'By model',
  column: 'Model',
  noneLabel: 'No model',
  label: asText,
};

export const USER: Dimension = {
  by: 'user',
  id: 'by-user',
  title: 'By user',
  column: 'User',
  noneLabel: 'No user',
  label: asText,
};

export const API_KEY: Dimension = {
  by: 'api_key',
  id: 'by-api-key',
  title: 'By API key',
  column: 'API key',
  noneLabel: 'No API key',
  // The readable name from API_KEY_NAMES beside the fingerprint, which stays the key's identity.
  label: (row) => {
    const fingerprint = el('code', { class: 'fingerprint' }, row.value);
    return row.name === null ? [fingerprint] : [row.name, ' ', fingerprint];
  },
};
