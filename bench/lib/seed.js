'use strict';
// Fills request_records (created by the app's migrations) with made-up but plausible rows:
// 30 days of traffic over several models, origins, endpoints and error types. Each row is made
// as the gateway makes a record and turned into the INSERT's values by the writer's own code,
// so the columns are the entity's. The rows go in behind the writer's back: the caller
// rebuilds the rollup tables afterwards.
const DAY_MS = 24 * 60 * 60 * 1000;

/** Loaded when needed: the bench builds dist/ after this file is loaded. */
const insert = () =>
  require('../../dist/libs/persistence/src/writer/insert-statement');
const columns = () => insert().RECORD_COLUMNS;

/** A record's values in the INSERT's column order. */
function valuesOf(record) {
  const values = [];
  insert().pushRecordValues(record, values);
  return values;
}

const MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'llama3.1:8b',
  'llama3.1:70b',
  'mistral-small',
  'qwen2.5:14b',
  'gemma2:9b',
  'text-embedding-3-small',
];
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

/** mulberry32: a small deterministic generator, so every run seeds the same rows. */
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

function makeRow(rand, nowMs, index) {
  const endpoint = pick(rand, ENDPOINTS);
  const embeddings = endpoint === 'embeddings';
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
  return valuesOf({
    timestamp: new Date(nowMs - Math.floor(rand() * 30 * DAY_MS)),
    endpoint,
    model: embeddings
      ? 'text-embedding-3-small'
      : pick(rand, MODELS.slice(0, 7)),
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
    requestId: `req_${index.toString(16).padStart(12, '0')}`,
    ...attribution(rand, embeddings, prompt, completion),
  });
}

const USERS = 10_000;
const KEYS = 500;

/**
 * Who sent it and what it cost: one of 10,000 users and 500 key ids; the self-hosted models
 * (no price) unpriced. Tags live in their own table and are not seeded here.
 */
function attribution(rand, embeddings, prompt, completion) {
  const user = Math.floor(rand() * USERS);
  const key = Math.floor(rand() * KEYS);
  const priced = embeddings || rand() < 0.5;
  return {
    user: `user-${user.toString().padStart(5, '0')}@example.com`,
    apiKeyId: key.toString(16).padStart(16, '0'),
    cachedPromptTokens: null,
    costUsd: priced ? (prompt * 0.15 + completion * 0.6) / 1e6 : null,
  };
}

/** Rows `from` (inclusive) to `to` (exclusive), in batches of `size`. */
function* batches(from, to, size, nowMs) {
  const rand = generator(from + 1);
  for (let start = from; start < to; start += size) {
    const end = Math.min(to, start + size);
    const rows = [];
    for (let i = start; i < end; i += 1) rows.push(makeRow(rand, nowMs, i));
    yield rows;
  }
}

const SQLITE_ROWS_PER_INSERT = 500;
const SQLITE_ROWS_PER_TRANSACTION = 50_000;

function seedSqlite(file, from, to, nowMs) {
  const Database = require('better-sqlite3');
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma('synchronous = OFF');
    const row = `(${columns()
      .map(() => '?')
      .join(',')})`;
    const sql = (n) =>
      `INSERT INTO request_records (${columns().join(',')}) VALUES ${Array(n).fill(row).join(',')}`;
    const full = db.prepare(sql(SQLITE_ROWS_PER_INSERT));
    const insert = db.transaction((rows) => {
      for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_INSERT) {
        const slice = rows.slice(i, i + SQLITE_ROWS_PER_INSERT);
        const stmt =
          slice.length === SQLITE_ROWS_PER_INSERT
            ? full
            : db.prepare(sql(slice.length));
        stmt.run(slice.flat());
      }
    });
    for (const rows of batches(from, to, SQLITE_ROWS_PER_TRANSACTION, nowMs))
      insert(rows);
  } finally {
    db.close();
  }
}

const MYSQL_ROWS_PER_INSERT = 2_000;

async function seedMysql(connection, from, to, nowMs) {
  const sql = `INSERT INTO request_records (${columns().join(',')}) VALUES ?`;
  for (const rows of batches(from, to, MYSQL_ROWS_PER_INSERT, nowMs)) {
    await connection.query(sql, [rows]);
  }
}

module.exports = { seedSqlite, seedMysql };
