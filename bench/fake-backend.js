'use strict';
// A minimal OpenAI-compatible backend for the bench: as cheap as possible per request, so
// that on a small machine the CPU goes to the proxy being measured.
//   POST /v1/chat/completions  JSON, or SSE when the body has "stream": true
//     x-fake-chunks    content chunks (default 20)
//     x-fake-delay-ms  pause between streamed events (default 0)
//     x-fake-no-usage  any value: no usage, even when the request asks for it
//   GET /_bench/stats  {"active","peakActive","served"}; POST /_bench/reset zeroes the peak
const http = require('node:http');

const PORT = Number(process.env.PORT);
const HOST = '127.0.0.1';
const PIECES = [' héllo', ' 👋', ' from', ' the', ' fake', ' backend'];
const PROMPT_TOKENS = 27;

const stats = { active: 0, peakActive: 0, served: 0 };
const cache = new Map();

function pieces(chunks) {
  return Array.from({ length: chunks }, (_, i) => PIECES[i % PIECES.length]);
}

function usage(chunks) {
  return {
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: chunks,
    total_tokens: PROMPT_TOKENS + chunks,
  };
}

function header(object) {
  return {
    id: 'chatcmpl-bench',
    object,
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_bench',
  };
}

function jsonReply(chunks) {
  const message = {
    role: 'assistant',
    content: pieces(chunks).join(''),
    refusal: null,
  };
  const choices = [
    { index: 0, message, logprobs: null, finish_reason: 'stop' },
  ];
  const body = { ...header('chat.completion'), choices, usage: usage(chunks) };
  return Buffer.from(JSON.stringify(body));
}

/** One Buffer per SSE event, as a real server writes them token by token. */
function streamEvents(chunks, includeUsage) {
  const event = (payload) =>
    Buffer.from(`data: ${JSON.stringify(payload)}\n\n`);
  const chunk = (delta, finishReason) => {
    const choice = {
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finishReason,
    };
    const payload = { ...header('chat.completion.chunk'), choices: [choice] };
    return event(includeUsage ? { ...payload, usage: null } : payload);
  };
  const events = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...pieces(chunks).map((content) => chunk({ content }, null)),
    chunk({}, 'stop'),
  ];
  if (includeUsage) {
    const last = {
      ...header('chat.completion.chunk'),
      choices: [],
      usage: usage(chunks),
    };
    events.push(event(last));
  }
  events.push(Buffer.from('data: [DONE]\n\n'));
  return events;
}

function cached(key, build) {
  let value = cache.get(key);
  if (!value) {
    value = build();
    cache.set(key, value);
  }
  return value;
}

function intHeader(req, name, fallback, max) {
  const value = Number(req.headers[name] ?? fallback);
  return Number.isInteger(value) && value >= 0 && value <= max
    ? value
    : fallback;
}

function sendStream(res, events, delayMs) {
  stats.active += 1;
  stats.peakActive = Math.max(stats.peakActive, stats.active);
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    stats.active -= 1;
  };
  res.once('close', finish);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
  });
  let index = 0;
  const next = () => {
    if (res.destroyed) return finish();
    res.write(events[index]);
    index += 1;
    if (index === events.length) {
      res.end();
      return finish();
    }
    if (delayMs > 0) setTimeout(next, delayMs);
    else next();
  };
  next();
}

function completions(req, res, raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    res.writeHead(400, { 'content-type': 'application/json' });
    return res.end(
      '{"error":{"message":"invalid JSON","type":"invalid_request_error"}}',
    );
  }
  const chunks = intHeader(req, 'x-fake-chunks', 20, 10_000);
  stats.served += 1;
  if (body.stream === true) {
    const includeUsage =
      body.stream_options?.include_usage === true &&
      !req.headers['x-fake-no-usage'];
    const events = cached(`s${chunks}:${includeUsage}`, () =>
      streamEvents(chunks, includeUsage),
    );
    return sendStream(
      res,
      events,
      intHeader(req, 'x-fake-delay-ms', 0, 60_000),
    );
  }
  const reply = cached(`j${chunks}`, () => jsonReply(chunks));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': reply.length,
  });
  res.end(reply);
}

function route(req, res, raw) {
  if (req.method === 'POST' && req.url === '/v1/chat/completions')
    return completions(req, res, raw);
  if (req.url === '/_bench/stats' || req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(stats));
  }
  if (req.method === 'POST' && req.url === '/_bench/reset') {
    stats.peakActive = stats.active;
    res.writeHead(204);
    return res.end();
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
}

const server = http.createServer(
  { noDelay: true, keepAliveTimeout: 65_000 },
  (req, res) => {
    const parts = [];
    req.on('data', (part) => parts.push(part));
    req.on('end', () => route(req, res, Buffer.concat(parts).toString('utf8')));
  },
);
server.listen(PORT, HOST);
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
