'use strict';
// Made-up but plausible records, as the gateway makes them: several models, origins,
// endpoints and error types, streamed requests with their time to first token, 10,000 users,
// 500 API key ids and a `team` tag of 50 values, the self-hosted models unpriced. Shared by the
// metrics API's seed and the scale phase; deterministic, so every run makes the same records.
const DAY_MS = 24 * 60 * 60 * 1000;
const USERS = 10_000;
const KEYS = 500;
const TEAMS = 50;

/** [name, USD per million prompt tokens, per million completion tokens]; null: no price. */
const MODELS = [
  ['gpt-4o-mini', 0.15, 0.6],
  ['gpt-4o', 2.5, 10],
  ['llama3.1:8b', null],
  ['llama3.1:70b', null],
  ['mistral-small', 0.2, 0.6],
  ['qwen2.5:14b', null],
  ['gemma2:9b', null],
];
const EMBEDDINGS = ['text-embedding-3-small', 0.02, 0];
const ORIGINS = [
  'app.example.com',
  'chat.example.com',
  'OpenAI/JS',
  'OpenAI/Python',
  'batch-worker',
  'notebook',
  'localhost',
  null,
];
const ENDPOINTS = [
  'chat.completions',
  'chat.completions',
  'chat.completions',
  'chat.completions',
  'completions',
  'responses',
  'embeddings',
];
const ERRORS = [
  ['rate_limit', 429, 'rate_limit_exceeded'],
  ['invalid_request', 400, 'context_length_exceeded'],
  ['authentication', 401, 'invalid_api_key'],
  ['backend_error', 500, 'internal_error'],
  ['backend_unreachable', 502, 'ECONNREFUSED'],
  ['timeout', 504, 'the backend sent nothing for 300000 ms'],
  [
    'client_disconnected',
    null,
    'the client went away before the response ended',
  ],
  ['stream_interrupted', 200, 'the backend closed the stream before its end'],
];
const FINISH = ['stop', 'stop', 'stop', 'length', 'tool_calls'];

/** mulberry32: a small deterministic generator. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const padded = (n, width, radix = 10) => n.toString(radix).padStart(width, '0');

/** One record at `timestamp` (a Date), the `index`-th of its run. */
function makeRecord(rand, timestamp, index) {
  const endpoint = pick(rand, ENDPOINTS);
  const embeddings = endpoint === 'embeddings';
  const [model, input, output] = embeddings ? EMBEDDINGS : pick(rand, MODELS);
  const streaming = !embeddings && rand() < 0.6;
  const failed = rand() < 0.07;
  const [errorType, status, message] = failed
    ? pick(rand, ERRORS)
    : [null, 200, null];
  const prompt = 20 + Math.floor(rand() * 2000);
  const completion = embeddings || failed ? 0 : 1 + Math.floor(rand() * 800);
  const ttft = 50 + Math.floor(rand() * 900);
  const total =
    ttft + (embeddings ? 0 : Math.floor(completion * (10 + rand() * 40)));
  return {
    timestamp,
    endpoint,
    model,
    origin: pick(rand, ORIGINS),
    isStreaming: streaming,
    success: !failed,
    statusCode: status,
    errorType,
    errorMessage: message,
    finishReason: failed || embeddings ? null : pick(rand, FINISH),
    messageCount: embeddings ? null : 1 + Math.floor(rand() * 12),
    promptTokens: failed ? null : prompt,
    completionTokens: failed ? null : completion,
    totalTokens: failed ? null : prompt + completion,
    tokensEstimated: rand() < 0.05,
    timeToFirstTokenMs: failed ? null : streaming ? ttft : total,
    timeToLastTokenMs: failed ? null : total,
    responseTimeMs: total,
    tokensPerSecond:
      failed || completion === 0
        ? null
        : Math.round((completion / (total / 1000)) * 100) / 100,
    requestId: `req_${padded(index, 12, 16)}`,
    cachedPromptTokens: null,
    // No price for the self-hosted models; no usage, so no cost, for a failed request.
    costUsd:
      input == null || failed
        ? null
        : (prompt * input + completion * output) / 1e6,
    ...attribution(rand),
  };
}

/** Who sent it: nearly always a user and a key, most often a team. */
function attribution(rand) {
  const user = rand() < 0.97 ? Math.floor(rand() * USERS) : null;
  const key = rand() < 0.98 ? Math.floor(rand() * KEYS) : null;
  const team = rand() < 0.9 ? Math.floor(rand() * TEAMS) : null;
  return {
    user: user === null ? null : `user-${padded(user, 5)}@example.com`,
    apiKeyId: key === null ? null : padded(key, 16, 16),
    tags: team === null ? {} : { team: `team-${padded(team, 2)}` },
  };
}

/** A record at a random time in the 30 days before `nowMs`. */
function randomRecord(rand, nowMs, index) {
  return makeRecord(
    rand,
    new Date(nowMs - Math.floor(rand() * 30 * DAY_MS)),
    index,
  );
}

/**
 * `count` records evenly spread, oldest first, over the `spanMs` before `endMs`, as a writer
 * receives them; in arrays of `size`.
 */
function* timeOrdered({ count, endMs, spanMs, size, seed = 1 }) {
  const rand = generator(seed);
  const step = spanMs / count;
  const startMs = endMs - spanMs;
  for (let from = 0; from < count; from += size) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + size); i += 1) {
      const at = Math.floor(startMs + (i + rand()) * step);
      batch.push(makeRecord(rand, new Date(at), i));
    }
    yield batch;
  }
}

module.exports = { DAY_MS, generator, randomRecord, timeOrdered };
