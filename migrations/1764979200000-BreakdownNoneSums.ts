import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DAY, SUM_SQL, SUMS } from './1764633600000-BreakdownRollups';

/*
 * Frozen: the SQL this migration ran when it was written, the same on both databases. It
 * imports nothing from the library; the sums' SQL is that of the migration that made the table.
 */

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
