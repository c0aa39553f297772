import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, the same on both databases; it
 * imports nothing from the library.
 */

const SUMS = [
  'requests',
  'successful',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cost_nano_usd',
  'priced_requests',
  'unpriced_requests',
  'response_time_sum',
  'response_time_n',
  'ttft_sum',
  'ttft_n',
  'tps_sum',
  'tps_n',
];

/** How each sum comes from the records, as of this migration. */
const SUM_SQL = [
  'COUNT(*)',
  'SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END)',
  'COALESCE(SUM(prompt_tokens), 0)',
  'COALESCE(SUM(completion_tokens), 0)',
  'COALESCE(SUM(total_tokens), 0)',
  'COALESCE(SUM(ROUND(cost_usd * 1000000000)), 0)',
  'COUNT(cost_usd)',
  'SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END)',
  'COALESCE(SUM(response_time_ms), 0)',
  'COUNT(response_time_ms)',
  'COALESCE(SUM(time_to_first_token_ms), 0)',
  'COUNT(time_to_first_token_ms)',
  'COALESCE(SUM(tokens_per_second), 0)',
  'COUNT(tokens_per_second)',
];

const DAY = '(timestamp_ms - timestamp_ms % 86400000)';

/** The dimensions whose records without a value get sums, and the column each is. */
const DIMENSIONS: [string, string][] = [
  ['none:user', 'user'],
  ['none:api_key', 'api_key_id'],
];

const BACKFILL = DIMENSIONS.map(
  ([dimension, column]) =>
    `INSERT INTO request_breakdown_daily (bucket_ms, dimension, value, ${SUMS.join(', ')}) SELECT ${DAY} AS bucket_ms, '${dimension}' AS dimension, '' AS value, ${SUM_SQL.join(', ')} FROM request_records WHERE ${column} IS NULL GROUP BY ${DAY}`,
);

/**
 * The sums of the records without a user, and of those without an API key, per day in
 * request_breakdown_daily (`none:user` and `none:api_key`, value ''), filled from the records
 * already there: a breakdown by user read every user's rows of a window to find them as every
 * record less every user.
 */
export class BreakdownNoneSums1764979200000 implements MigrationInterface {
  name = 'BreakdownNoneSums1764979200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of BACKFILL) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "DELETE FROM request_breakdown_daily WHERE dimension IN ('none:user', 'none:api_key')",
    );
  }
}
