import type { QueryParams } from './api-client';

/**
 * One value the whole page can be narrowed to. `param` is its name in the page's URL, in
 * /metrics/timeseries and in /completion_requests alike; `by` is its dimension in
 * /metrics/breakdown. The API follows one such value at a time, and so does the page.
 */
export interface PageFilter {
  param: FilterParam;
  by: string;
  /** The value as /metrics/breakdown names it (a tag's value without its name). */
  value: string;
  /** What the filter chip says it is, e.g. `User` or `Tag team`. */
  label: string;
}

export const FILTER_PARAMS = ['model', 'user', 'api_key_id', 'tag'] as const;

export type FilterParam = (typeof FILTER_PARAMS)[number];

export const modelFilter = (value: string): PageFilter => ({
  param: 'model',
  by: 'model',
  value,
  label: 'Model',
});

export const userFilter = (value: string): PageFilter => ({
  param: 'user',
  by: 'user',
  value,
  label: 'User',
});

export const apiKeyFilter = (value: string): PageFilter => ({
  param: 'api_key_id',
  by: 'api_key',
  value,
  label: 'API key',
});

export const tagFilter = (name: string, value: string): PageFilter => ({
  param: 'tag',
  by: `tag:${name}`,
  value,
  label: `Tag ${name}`,
});

/** `?tag=` carries `name:value`; the value may hold colons of its own. */
function fromParam(param: FilterParam, text: string): PageFilter {
  if (param === 'model') return modelFilter(text);
  if (param === 'user') return userFilter(text);
  if (param === 'api_key_id') return apiKeyFilter(text);
  const colon = text.indexOf(':');
  return colon < 0
    ? tagFilter(text, '')
    : tagFilter(text.slice(0, colon), text.slice(colon + 1));
}

/** The URL's text of the filter: the value, or `name:value` for a tag. */
function paramText(filter: PageFilter): string {
  return filter.param === 'tag'
    ? `${filter.by.slice('tag:'.length)}:${filter.value}`
    : filter.value;
}

/** The filter of a page address: the first of its filter parameters, if any. */
export function readFilter(search: string): PageFilter | null {
  const query = new URLSearchParams(search);
  for (const param of FILTER_PARAMS) {
    const text = query.get(param);
    if (text !== null) return fromParam(param, text);
  }
  return null;
}

/** The page address with this filter (or none) in place of any it had; other parameters kept. */
export function withFilter(href: string, filter: PageFilter | null): string {
  const url = new URL(href);
  for (const param of FILTER_PARAMS) url.searchParams.delete(param);
  if (filter) url.searchParams.set(filter.param, paramText(filter));
  return url.toString();
}

/** The filter as /metrics/timeseries and /completion_requests take it. */
export function filterQuery(filter: PageFilter | null): QueryParams {
  return filter ? { [filter.param]: paramText(filter) } : {};
}

export const sameFilter = (a: PageFilter | null, b: PageFilter | null) =>
  a?.param === b?.param && a?.by === b?.by && a?.value === b?.value;
