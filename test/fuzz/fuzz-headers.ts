import { headerJunk, headerName } from './odd-values';
import type { Random } from './random';

export type Headers = Record<string, string | string[]>;
type HeaderTable = [name: string, chance: number, values: string[]][];

/** A client id the gateway keeps; made unique per request so records can be matched by it. */
const VALID_REQUEST_ID = 'fuzz.id:1/2+3=4@5';

/** Headers a client may send the gateway, each with its chance and some telling values. */
const GATEWAY_HEADERS: HeaderTable = [
  ['authorization', 0.6, ['Bearer sk-fuzz', 'Bearer', 'Basic Zm9vOmJhcg==']],
  ['x-request-id', 0.5, [VALID_REQUEST_ID, 'a'.repeat(200), 'a b']],
  [
    'origin',
    0.15,
    [
      'https://app.example.com',
      'null',
      'http://[::1',
      `http://${'a'.repeat(300)}`,
    ],
  ],
  ['referer', 0.1, ['https://app.example.com/x', 'file:///etc/passwd']],
  ['user-agent', 0.3, ['OpenAI/JS 6.1.0', '', 'x'.repeat(400)]],
  ['x-client-name', 0.1, ['fuzzer', ' ', 'é'.repeat(300)]],
  ['accept-encoding', 0.3, ['gzip', 'br', 'gzip, deflate, br', '*;q=0']],
  ['accept', 0.2, ['text/event-stream', 'application/json', '*/*']],
  ['x-forwarded-for', 0.15, ['1.2.3.4', '1.2.3.4, ::1', 'unknown']],
  ['x-forwarded-proto', 0.05, ['https', 'gopher']],
  ['connection', 0.1, ['close', 'keep-alive']],
  ['expect', 0.03, ['100-continue']],
  ['transfer-encoding', 0.05, ['chunked']],
  ['cookie', 0.05, ['a=b']],
];

/** Headers a browser or a script may send the metrics API (the token is added apart). */
const METRICS_HEADERS: HeaderTable = [
  [
    'origin',
    0.2,
    ['https://dashboard.example.com', 'https://evil.example', 'null'],
  ],
  ['access-control-request-method', 0.1, ['GET', 'POST']],
  ['access-control-request-headers', 0.05, ['authorization', 'x-junk']],
  ['accept-encoding', 0.2, ['gzip', 'br', '*;q=0']],
  ['if-none-match', 0.05, ['"abc"', '*']],
  ['range', 0.05, ['bytes=0-10', 'bytes=999999-', 'bytes=x']],
  ['x-forwarded-for', 0.05, ['1.2.3.4', 'unknown']],
];

/** Each header with its chance; a quarter of the values are junk rather than listed ones. */
function pickHeaders(random: Random, table: HeaderTable): Headers {
  const chosen: Headers = {};
  for (const [name, chance, values] of table) {
    if (!random.chance(chance)) continue;
    chosen[name] = random.chance(0.25)
      ? headerJunk(random)
      : random.pick(values);
  }
  for (let i = random.int(0, 2); i > 0; i--) {
    chosen[headerName(random)] = headerJunk(random);
  }
  return chosen;
}

export function gatewayHeaders(random: Random, body?: Buffer): Headers {
  const chosen = pickHeaders(random, GATEWAY_HEADERS);
  if (chosen['x-request-id'] === VALID_REQUEST_ID) {
    chosen['x-request-id'] += `-${random.int(0, 2 ** 30)}`;
  }
  if (random.chance(0.05)) chosen['x-client-name'] = ['a', headerJunk(random)];
  if (!body) return chosen;
  if (random.chance(0.9)) {
    chosen['content-type'] = random.pick([
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      headerJunk(random),
    ]);
  }
  // A declared length that is wrong: the body ends early or runs on.
  if (random.chance(0.02)) {
    const off = random.int(1, 10) * (random.chance(0.5) ? 1 : -1);
    chosen['content-length'] = String(Math.max(0, body.length + off));
  }
  return chosen;
}

/** The right token mostly; none, a wrong one or junk now and then. */
export function metricsHeaders(random: Random, token: string): Headers {
  const chosen = pickHeaders(random, METRICS_HEADERS);
  const authorization = random.weighted<string | undefined>([
    [75, () => `Bearer ${token}`],
    [10, () => undefined],
    [10, () => `Bearer ${token}x`],
    [5, () => headerJunk(random)],
  ]);
  if (authorization !== undefined) chosen.authorization = authorization;
  return chosen;
}
