'use strict';
// Many slow streams opened at once, each on its own connection, each read to the end.
const http = require('node:http');
const { chatRequest, percentile, round, STREAM_END } = require('./load');

function oneStream(agent, url, request, timeoutMs) {
  const started = performance.now();
  return new Promise((resolve) => {
    const settle = (outcome) =>
      resolve({ ...outcome, ms: performance.now() - started });
    const req = http.request(
      url,
      { agent, method: request.method, headers: request.headers },
      (res) => {
        let tailText = '';
        let firstByteMs = null;
        res.setEncoding('utf8');
        res.on('data', (text) => {
          firstByteMs ??= performance.now() - started;
          tailText = (tailText + text).slice(-STREAM_END.length);
        });
        res.once('end', () =>
          settle({
            ok: res.statusCode === 200 && tailText === STREAM_END,
            status: res.statusCode,
            firstByteMs,
          }),
        );
        res.once('error', (error) =>
          settle({ ok: false, status: res.statusCode, error: error.message }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
    req.once('error', (error) =>
      settle({ ok: false, status: 0, error: error.message }),
    );
    req.end(request.body);
  });
}

/** Opens `count` streams at once against `baseUrl`; resolves when every one has ended. */
async function concurrentStreams({
  baseUrl,
  count,
  chunks,
  delayMs,
  timeoutMs,
}) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const request = chatRequest(true, chunks);
  request.headers['x-fake-delay-ms'] = String(delayMs);
  const url = `${baseUrl}/v1/chat/completions`;
  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: count }, () =>
      oneStream(agent, url, request, timeoutMs),
    ),
  );
  const wallMs = performance.now() - started;
  agent.destroy();
  const durations = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const firstBytes = outcomes
    .map((o) => o.firstByteMs ?? Infinity)
    .sort((a, b) => a - b);
  const failures = outcomes.filter((o) => !o.ok);
  return {
    count,
    completed: count - failures.length,
    failed: failures.length,
    failureSamples: [
      ...new Set(failures.map((f) => f.error ?? `status ${f.status}`)),
    ].slice(0, 5),
    wallMs: round(wallMs, 0),
    streamP50Ms: round(percentile(durations, 0.5), 0),
    streamMaxMs: round(durations[durations.length - 1], 0),
    firstByteP50Ms: round(percentile(firstBytes, 0.5), 1),
    firstByteMaxMs: round(firstBytes[firstBytes.length - 1], 1),
  };
}

module.exports = { concurrentStreams };
