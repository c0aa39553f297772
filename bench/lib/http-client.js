'use strict';
// Sequential GETs against the metrics API, and one streamed read of a whole listing.
const http = require('node:http');
const { percentile, round } = require('./load');
const { sampleRss } = require('./processes');

const MIN_SAMPLES = 5;

/** One GET, body drained; `onData` sees every chunk. A new connection unless `agent` is given. */
function get(
  port,
  urlPath,
  { timeoutMs = 60_000, onData, agent = false } = {},
) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, agent },
      (res) => {
        let bytes = 0;
        res.on('data', (chunk) => {
          bytes += chunk.length;
          onData?.(chunk);
        });
        res.once('end', () =>
          resolve({
            status: res.statusCode,
            bytes,
            ms: performance.now() - started,
          }),
        );
        res.once('error', (error) =>
          resolve({ status: res.statusCode, bytes, error: error.message }),
        );
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer within ${timeoutMs} ms`)),
    );
    req.once('error', (error) =>
      resolve({ status: 0, bytes: 0, error: error.message }),
    );
  });
}

/** p50/p99 over `count` sequential GETs (fewer when they exceed `budgetMs`), after one warm-up. */
async function latencyOf(port, urlPath, count, budgetMs) {
  // One keep-alive connection per figure: one made before a long pause could be closed by
  // the server just as it is reused.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await timed(port, urlPath, count, budgetMs, agent);
  } finally {
    agent.destroy();
  }
}

async function timed(port, urlPath, count, budgetMs, agent) {
  const first = await get(port, urlPath, { agent });
  if (first.status !== 200)
    return { status: first.status, error: first.error ?? null };
  const times = [];
  const deadline = performance.now() + budgetMs;
  while (
    times.length < count &&
    (times.length < MIN_SAMPLES || performance.now() < deadline)
  ) {
    const answer = await get(port, urlPath, { agent });
    if (answer.status !== 200)
      return { status: answer.status, error: answer.error ?? null };
    times.push(answer.ms);
  }
  times.sort((a, b) => a - b);
  const p = (q) => round(percentile(times, q), 1);
  return {
    status: 200,
    count: times.length,
    p50Ms: p(0.5),
    p99Ms: p(0.99),
    bytes: first.bytes,
  };
}

/**
 * Counts the objects of a top-level JSON array as it streams by, without parsing it: only
 * string, escape and nesting state is kept, so the client's memory stays flat.
 */
function rowCounter() {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let rows = 0;
  return {
    push(chunk) {
      for (let i = 0; i < chunk.length; i += 1) {
        const byte = chunk[i];
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === 0x5c) escaped = true;
          else if (byte === 0x22) inString = false;
        } else if (byte === 0x22) inString = true;
        else if (byte === 0x7b || byte === 0x5b) {
          if (byte === 0x7b && depth === 1) rows += 1;
          depth += 1;
        } else if (byte === 0x7d || byte === 0x5d) depth -= 1;
      }
    },
    get rows() {
      return rows;
    },
  };
}

/** Reads the whole of `urlPath`, sampling the server's RSS every 100 ms. */
async function listAll(service, urlPath, timeoutMs) {
  const counter = rowCounter();
  const baseline = sampleRss(service.pid).stop();
  const sampler = sampleRss(service.pid, 100);
  const answer = await get(service.port, urlPath, {
    timeoutMs,
    onData: (chunk) => counter.push(chunk),
  });
  const peak = sampler.stop();
  return {
    status: answer.status,
    error: answer.error ?? null,
    rowsRead: counter.rows,
    megabytes: round(answer.bytes / 1024 / 1024, 1),
    seconds: answer.ms === undefined ? null : round(answer.ms / 1000, 1),
    rowsPerSecond: answer.ms
      ? Math.round(counter.rows / (answer.ms / 1000))
      : null,
    rssBaselineMiB: round(baseline, 1),
    rssPeakMiB: round(peak, 1),
    rssGrowthMiB: round(peak - baseline, 1),
  };
}

module.exports = { get, latencyOf, listAll };
