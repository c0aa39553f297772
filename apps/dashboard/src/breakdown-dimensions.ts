import type { BreakdownRow } from './api-types';
import { el } from './dom';
import {
  apiKeyFilter,
  modelFilter,
  tagFilter,
  userFilter,
  type PageFilter,
} from './page-filter';

/** A dimension of /metrics/breakdown that the page can be filtered to. */
export interface Dimension {
  /** The `by` parameter of /metrics/breakdown. */
  by: string;
  /** The id of its panel. */
  id: string;
  title: string;
  column: string;
  /** The row of the records without a value (no user, no key, no such tag). */
  noneLabel: string;
  filterOf(value: string): PageFilter;
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
  filterOf: modelFilter,
  label: asText,
};

export const USER: Dimension = {
  by: 'user',
  id: 'by-user',
  title: 'By user',
  column: 'User',
  noneLabel: 'No user',
  filterOf: userFilter,
  label: asText,
};

export const API_KEY: Dimension = {
  by: 'api_key',
  id: 'by-api-key',
  title: 'By API key',
  column: 'API key',
  noneLabel: 'No API key',
  filterOf: apiKeyFilter,
  // The readable name from API_KEY_NAMES beside the fingerprint, which stays the key's identity.
  label: (row) => {
    const fingerprint = el('code', { class: 'fingerprint' }, row.value);
    return row.name === null ? [fingerprint] : [row.name, ' ', fingerprint];
  },
};

/** Tag names are lower-case letters, digits, `-` and `_`: safe in an id. */
export function tagDimension(name: string): Dimension {
  return {
    by: `tag:${name}`,
    id: `by-tag-${name}`,
    title: `By tag ${name}`,
    column: name,
    noneLabel: `No ${name} tag`,
    filterOf: (value) => tagFilter(name, value),
    label: asText,
  };
}
