'use strict';
// Closed-loop load with autocannon. Latency is to the last byte of each response; it is
// kept per request at sub-millisecond precision (autocannon's own histogram rounds to ms).
const autocannon = require('autocannon');

const STREAM_END = 'data: [DONE]\n\n';

const CHAT_BODY = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are a helpful assistant. Answer briefly.' },
    {
      role: 'user',
      content: 'Write a one-line greeting for a load test of an LLM gateway.',
    },
  ],
  max_tokens: 64,
  temperature: 0.2,
};

/**
 * A chat request; `noUsage` has the backend leave usage out even when asked for it,
 * `includeUsage` is the client asking for it, and `delayMs` paces the backend's events.
 */
function chatRequest(
  stream,
  chunks,
  { noUsage = false, includeUsage = false, delayMs = 0 } = {},
) {
  const headers = {
    'content-type': 'application/json',
    authorization: 'Bearer sk-bench-not-a-real-key',
    'user-agent': 'OpenAI/JS 6.0.0',
    'x-fake-chunks': String(chunks),
  };
  if (noUsage) headers['x-fake-no-usage'] = '1';
  if (delayMs > 0) headers['x-fake-delay-ms'] = String(delayMs);
  let body = CHAT_BODY;
  if (stream) body = { ...CHAT_BODY, stream: true };
  if (includeUsage) body.stream_options = { include_usage: true };
  return { method: 'POST', headers, body: JSON.stringify(body) };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

const round = (value, digits = 3) =>
  value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * POST /v1/chat/completions on `baseUrl` with `connections` clients: `warmupSeconds`, then
 * `seconds` measured on the same connections, so that opening them is not measured.
 * `onMeasure` is called as measuring starts and ends. Streams are checked: a 2xx body that
 * does not end with `data: [DONE]` is `incomplete` (counted over the whole run).
 */
async function chatLoad(options) {
  const { baseUrl, stream, chunks, connections } = options;
  const { warmupSeconds, seconds, onMeasure = () => undefined } = options;
  const latencies = [];
  let measuring = false;
  const instance = autocannon({
    url: `${baseUrl}/v1/chat/completions`,
    connections,
    duration: warmupSeconds + seconds,
    timeout: 30,
    ...chatRequest(stream, chunks, options),
    ...(stream ? { verifyBody: (body) => body.endsWith(STREAM_END) } : {}),
  });
  const start = setTimeout(() => {
    measuring = true;
    onMeasure('start');
  }, warmupSeconds * 1000);
  instance.on('response', (client, statusCode, bytes, ms) => {
    if (measuring && statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const result = await instance;
  clearTimeout(start);
  onMeasure('end');
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(latencies, 0.5)),
    p99Ms: round(percentile(latencies, 0.99)),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    incomplete: stream ? result.mismatches : 0,
  };
}

module.exports = { chatLoad, chatRequest, percentile, round, STREAM_END };
