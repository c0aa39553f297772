import type { RequestRecordInput } from '../records/request-record.types';

export type SqlValue = string | number | null;

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** Column order of the INSERT, and how each value comes out of a record. */
const COLUMNS: [string, (record: RequestRecordInput) => SqlValue][] = [
  ['timestamp_ms', (r) => r.timestamp.getTime()],
  ['endpoint', (r) => r.endpoint],
  ['model', (r) => r.model],
  ['origin', (r) => r.origin],
  ['is_streaming', (r) => (r.isStreaming ? 1 : 0)],
  ['success', (r) => (r.success ? 1 : 0)],
  ['status_code', (r) => r.statusCode],
  ['error_type', (r) => r.errorType],
  ['error_message', (r) => r.errorMessage],
  ['finish_reason', (r) => r.finishReason],
  ['message_count', (r) => r.messageCount],
  ['prompt_tokens', (r) => r.promptTokens],
  ['completion_tokens', (r) => r.completionTokens],
  ['total_tokens', (r) => r.totalTokens],
  ['tokens_estimated', (r) => (r.tokensEstimated ? 1 : 0)],
  ['time_to_first_token_ms', (r) => r.timeToFirstTokenMs],
  ['time_to_last_token_ms', (r) => r.timeToLastTokenMs],
  ['response_time_ms', (r) => r.responseTimeMs],
  ['tokens_per_second', (r) => r.tokensPerSecond],
  ['request_id', (r) => r.requestId],
  ['prompt_text_tokens', (r) => r.promptTextTokens ?? null],
  ['prompt_audio_tokens', (r) => r.promptAudioTokens ?? null],
  ['completion_text_tokens', (r) => r.completionTextTokens ?? null],
  ['completion_audio_tokens', (r) => r.completionAudioTokens ?? null],
];

/** The columns a record is written to, in order. */
export const RECORD_COLUMNS = COLUMNS.map(([name]) => name);

const PREFIX = `INSERT INTO request_records (${RECORD_COLUMNS.join(', ')}) VALUES `;
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const statements = new Map<number, string>();

/**
 * One multi-row INSERT with `?` placeholders (both better-sqlite3 and mysql2 take them).
 * Written by hand because TypeORM's query builder spends about 0.1 ms a row naming and escaping
 * parameters, on the gateway's event loop; the SQL text is cached per batch size.
 */
export function insertStatement(records: RequestRecordInput[]): SqlStatement {
  let sql = statements.get(records.length);
  if (!sql) {
    sql = PREFIX + Array(records.length).fill(ROW_PLACEHOLDERS).join(', ');
    statements.set(records.length, sql);
  }
  const params: SqlValue[] = [];
  for (const record of records) {
    for (const [, value] of COLUMNS) params.push(value(record));
  }
  return { sql, params };
}
