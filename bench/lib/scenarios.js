'use strict';
// What the proxy bench sends: a JSON answer, streams of LLM lengths with token-sized deltas,
// a stream whose backend reports no usage (the gateway falls back to its tokenizer) and one
// whose client asks for usage. Each at its concurrencies, through every target in turn.

const SCENARIOS = [
  { name: 'json', stream: false, chunks: 20, connections: [1, 32, 256] },
  { name: 'stream-20', stream: true, chunks: 20, connections: [1, 32, 256] },
  { name: 'stream-500', stream: true, chunks: 500, connections: [32, 256] },
  { name: 'stream-2000', stream: true, chunks: 2000, connections: [32, 256] },
  {
    name: 'stream-500-fallback',
    stream: true,
    chunks: 500,
    noUsage: true,
    connections: [32],
  },
  {
    name: 'stream-500-include-usage',
    stream: true,
    chunks: 500,
    includeUsage: true,
    connections: [32],
  },
];

/** A name, or a prefix ending in `*`: `stream-500*` is the three 500-chunk streams. */
const matches = (name, pattern) =>
  pattern.endsWith('*')
    ? name.startsWith(pattern.slice(0, -1))
    : name === pattern;

/** The scenarios named in `patterns` (all when null), at the concurrencies listed (all when null). */
function selectScenarios(patterns, concurrency) {
  const picked = patterns
    ? SCENARIOS.filter((s) => patterns.some((p) => matches(s.name, p)))
    : SCENARIOS;
  return picked
    .map((s) => ({
      ...s,
      connections: concurrency
        ? s.connections.filter((c) => concurrency.includes(c))
        : s.connections,
    }))
    .filter((s) => s.connections.length > 0);
}

module.exports = { SCENARIOS, selectScenarios };
