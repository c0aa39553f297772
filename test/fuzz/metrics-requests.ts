import type { RawRequest } from '../support/raw-http';
import { metricsHeaders } from './fuzz-headers';
import { ODD_TEXTS, pathSegment, queryString } from './odd-values';
import type { Random } from './random';

const DATES = [
  '2024-01-14',
  '2024-01-15T10:30:00Z',
  '2024-01-15T09:00:00+01:00',
  '2024-01-15T10:30:00.123456789',
  '2024-02-30',
  '9999-12-31',
  '0000-01-01',
  '0001-01-01T00:00:00Z',
  '+275760-09-13',
  '2024-13-01',
  '2024-01-15T24:00:00',
  '2024-01-15T10:30:00+99:99',
  '2024-01-15 10:30:00',
  'yesterday',
  '1705314600000',
];
const NUMBERS = ['1', '5', '100', '10000', '10001', '2.5', '9007199254740993'];
const VALUES: Record<string, readonly string[]> = {
  start: DATES,
  end: DATES,
  top: NUMBERS,
  limit: NUMBERS,
  before_id: [...NUMBERS, '3', '20', '40'],
  success: ['true', 'false', 'yes', '1', 'TRUE'],
  endpoint: ['chat.completions', 'embeddings', 'responses', 'chat', ''],
  model: ['gpt-4', 'gpt-3.5-turbo', 'fake-model', 'm\ufffd'],
  bucket: ['auto', '1m', '5m', '1h', '1d', '1s', '7d'],
};
const ROUTES: [path: string, weight: number, params: string[]][] = [
  ['/metrics', 25, ['start', 'end', 'top']],
  ['/metrics/timeseries', 20, ['start', 'end', 'bucket']],
  [
    '/completion_requests',
    30,
    ['start', 'end', 'limit', 'before_id', 'success', 'endpoint', 'model'],
  ],
  ['/health', 5, []],
  ['/health/live', 3, []],
  ['/', 2, []],
  ['/docs-json', 1, []],
];
const ODD_PATHS = [
  '/metrics/',
  '/METRICS',
  '/metrics//timeseries',
  '/metrics%2Ftimeseries',
  '/completion_requests/1',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fpackage.json',
  '/index.html',
  '/metrics;x=1',
  '/metrics%00',
  `/${'a'.repeat(4_000)}`,
];
const NAMES = ['x', 'top[a]', 'start[]', '__proto__', 'constructor', ''];

/** A parameter: usually one the route knows, with a listed, odd or junk value. */
function parameter(random: Random, known: string[]): [string, string] {
  const name =
    known.length > 0 && random.chance(0.85)
      ? random.pick(known)
      : random.pick([...Object.keys(VALUES), ...NAMES]);
  const listed = Object.hasOwn(VALUES, name) ? VALUES[name] : ['1'];
  const value = random.weighted([
    [7, () => random.pick(listed)],
    [3, () => random.pick(ODD_TEXTS)],
  ]);
  return [name, value];
}

function path(random: Random): string {
  return random.weighted<string>([
    ...ROUTES.map(([route, weight, known]): [number, () => string] => [
      weight,
      () => {
        const pairs = Array.from({ length: random.int(0, 5) }, () =>
          parameter(random, known),
        );
        return `${route}${queryString(random, pairs)}`;
      },
    ]),
    [10, () => random.pick(ODD_PATHS)],
    [4, () => `/${pathSegment(random)}${queryString(random, [])}`],
  ]);
}

/** A request for the metrics API: mostly GETs of its routes with odd parameters. */
export function metricsRequest(random: Random, token: string): RawRequest {
  const method = random.weighted<string>([
    [85, () => 'GET'],
    [5, () => 'HEAD'],
    [5, () => 'OPTIONS'],
    [5, () => random.pick(['POST', 'DELETE', 'PATCH', 'FOO'])],
  ]);
  return {
    method,
    path: path(random),
    headers: metricsHeaders(random, token),
  };
}
