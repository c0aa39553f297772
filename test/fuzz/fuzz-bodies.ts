import { ODD_TEXTS } from './odd-values';
import type { Random } from './random';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Mutation<T> = (random: Random, value: T) => T;

export const RECORDED_PATHS = [
  '/v1/chat/completions',
  '/v1/completions',
  '/v1/embeddings',
  '/v1/responses',
] as const;
export type RecordedPath = (typeof RECORDED_PATHS)[number];

const KEYS = [
  'model',
  'messages',
  'stream',
  'stream_options',
  'prompt',
  'input',
  'max_tokens',
  'temperature',
  'n',
  'tools',
];
const HUGE_NUMBERS: readonly Json[] = [1e308, -1e308, 2 ** 53 + 1, 5e-324, -0];
const ODD_VALUES: readonly Json[] = [
  null,
  true,
  0,
  -1,
  1.5,
  ...HUGE_NUMBERS,
  'yes',
  [],
  {},
  [[[]]],
  { include_usage: 'yes' },
  [null, 1, 'x'],
  [{ role: 5 }],
  [{ role: 'user', content: { text: 1 } }],
  [{ role: 'user', content: [{ type: 'text', text: '👋' }, { type: 'x' }] }],
  ...ODD_TEXTS,
];

/** `stream`, and often `stream_options` too, which the gateway then rewrites to ask for usage. */
const streamed = (random: Random): JsonObject => {
  if (random.chance(0.5)) return {};
  if (random.chance(0.5)) return { stream: true };
  const options = random.pick<Json>([
    { include_usage: false },
    {},
    { continuous_usage_stats: true },
    { include_usage: true },
  ]);
  return { stream: true, stream_options: options };
};

/** A valid request for each recorded endpoint, the starting point of every mutation. */
const VALID: Record<RecordedPath, (random: Random) => JsonObject> = {
  '/v1/chat/completions': (random) => ({
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello.' },
    ],
    ...streamed(random),
  }),
  '/v1/completions': (random) => ({
    model: 'gpt-3.5-turbo-instruct',
    prompt: random.pick<Json>(['Say hello.', ['a', 'b'], [1, 2, 3]]),
    ...streamed(random),
  }),
  '/v1/embeddings': () => ({
    model: 'text-embedding-3-small',
    input: ['hello', 'world'],
  }),
  '/v1/responses': (random) => ({
    model: 'gpt-4o-mini',
    input: 'Say hello.',
    ...streamed(random),
  }),
};

/** Changes to the parsed request: wrong types, `stream: "yes"`, huge numbers, keys gone. */
const STRUCTURAL: Mutation<JsonObject>[] = [
  (random, body) => ({ ...body, [random.pick(KEYS)]: random.pick(ODD_VALUES) }),
  (random, body) => ({
    ...body,
    stream: random.pick<Json>(['yes', 1, 'true', null, true, {}]),
  }),
  (random, body) => ({
    ...body,
    [random.pick(['max_tokens', 'n', 'temperature'])]:
      random.pick(HUGE_NUMBERS),
  }),
  (random, body) => {
    const copy = { ...body };
    delete copy[random.pick(Object.keys(copy))];
    return copy;
  },
];

const oddJson = (random: Random) => JSON.stringify(random.pick(ODD_VALUES));

/** Changes to the JSON text: duplicated keys, literals JSON lacks, stray characters. */
const TEXTUAL: Mutation<string>[] = [
  (random, text) =>
    text.replace('{', `{"${random.pick(KEYS)}":${oddJson(random)},`),
  (random, text) =>
    text.replace(/}$/, `,"${random.pick(KEYS)}":${oddJson(random)}}`),
  (random, text) =>
    text.replace(/\d+/, random.pick(['1'.repeat(40), '1e999999', 'NaN'])),
  (random, text) => `${random.pick(['\ufeff', ' \r\n\t', '\u00a0'])}${text}`,
  (random, text) => `${text}${random.pick([' x', ',', '}', '\u0000', '{}'])}`,
  (_random, text) => text.replace(/"/g, "'"),
];

/** Arrays nested deep enough that a recursive JSON.stringify runs out of stack. */
function nest(random: Random, text: string): string {
  const depth = random.pick([100, 50_000]);
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return text.replace('{', `{"nested":${nested},`);
}

/** Changes to the bytes: truncation, bit flips, bytes that are not UTF-8. */
const BYTEWISE: Mutation<Buffer>[] = [
  (random, bytes) => bytes.subarray(0, random.int(0, bytes.length)),
  (random, bytes) => {
    const flipped = Buffer.from(bytes);
    for (let i = random.int(1, 8); i > 0 && flipped.length > 0; i--) {
      flipped[random.int(0, flipped.length - 1)] ^= 1 << random.int(0, 7);
    }
    return flipped;
  },
  (random, bytes) => {
    const at = random.int(0, bytes.length);
    const noise = random.bytes(random.int(1, 8));
    return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
  },
  (random) => random.bytes(random.int(0, 256)),
];

/** A request body for a recorded endpoint: valid now and then, mutated mostly. */
export function fuzzBody(random: Random, path: RecordedPath): Buffer {
  let body = VALID[path](random);
  for (let i = random.int(0, 2); i > 0; i--) {
    body = random.pick(STRUCTURAL)(random, body);
  }
  let text = JSON.stringify(body);
  if (random.chance(0.15)) text = nest(random, text);
  if (random.chance(0.4)) text = random.pick(TEXTUAL)(random, text);
  const bytes = Buffer.from(text);
  return random.chance(0.3) ? random.pick(BYTEWISE)(random, bytes) : bytes;
}
