import type { RawRequest } from '../support/raw-http';
import { fuzzBody, RECORDED_PATHS } from './fuzz-bodies';
import { gatewayHeaders } from './fuzz-headers';
import { pathSegment, queryString, ODD_TEXTS } from './odd-values';
import type { Random } from './random';

const ODD_METHODS = [
  'GET',
  'HEAD',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'PROPFIND',
  'PURGE',
  'FOO',
  'post',
];
const ELSEWHERE = [
  '/',
  '/v1',
  '/v2/chat/completions',
  '/chat/completions',
  '/V1/models',
  '//v1/models',
  '/v1/../health',
  '/./v1/models',
  '/v1%2fchat%2fcompletions',
  '/%',
  '/health%',
];

const request = (
  random: Random,
  method: string,
  path: string,
  body?: Buffer,
): RawRequest => ({
  method,
  path,
  headers: gatewayHeaders(random, body),
  body,
});

const oddQuery = (random: Random) =>
  queryString(random, [[pathSegment(random), random.pick(ODD_TEXTS)]]);

/** An inference request with a mutated body, now and then at an odd spelling of its path. */
function inference(random: Random): RawRequest {
  const path = random.pick(RECORDED_PATHS);
  const suffix = random.pick(['', '', '/', `?${pathSegment(random)}`]);
  return request(random, 'POST', `${path}${suffix}`, fuzzBody(random, path));
}

function wrongMethod(random: Random): RawRequest {
  const path = random.pick(RECORDED_PATHS);
  const body = random.chance(0.5) ? fuzzBody(random, path) : undefined;
  return request(random, random.pick(ODD_METHODS), path, body);
}

/** Routes the gateway does not record, which stream through to the backend. */
function passThrough(random: Random): RawRequest {
  const segment = () => pathSegment(random);
  return random.oneOf([
    () => request(random, 'GET', `/v1/models${oddQuery(random)}`),
    () => request(random, 'DELETE', `/v1/models/${segment()}`),
    () =>
      request(
        random,
        'PUT',
        `/v1/files/${segment()}`,
        random.bytes(random.int(0, 512)),
      ),
    () =>
      request(
        random,
        'POST',
        `/v1/${segment()}/${segment()}`,
        fuzzBody(random, random.pick(RECORDED_PATHS)),
      ),
  ]);
}

function health(random: Random): RawRequest {
  const suffix = random.pick(['', '/', '?x=1', oddQuery(random)]);
  const method = random.pick(['GET', 'HEAD', 'POST']);
  return request(random, method, `/health${suffix}`);
}

/** Paths outside /v1/, which the gateway answers itself. */
function elsewhere(random: Random): RawRequest {
  const path = random.weighted([
    [8, () => random.pick(ELSEWHERE)],
    [4, () => `/${pathSegment(random)}`],
    [1, () => `/${'a'.repeat(random.int(1_000, 8_000))}`],
  ]);
  const method = random.pick(['GET', 'POST', ...ODD_METHODS]);
  const body = random.chance(0.3) ? random.bytes(32) : undefined;
  return request(random, method, path, body);
}

/** A request for the gateway: mostly inference requests with mutated bodies. */
export function gatewayRequest(random: Random): RawRequest {
  return random.weighted<RawRequest>([
    [55, () => inference(random)],
    [10, () => wrongMethod(random)],
    [15, () => passThrough(random)],
    [5, () => health(random)],
    [15, () => elsewhere(random)],
  ]);
}
