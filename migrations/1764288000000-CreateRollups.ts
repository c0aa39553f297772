import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: this migration states the SQL it ran when it was written and imports nothing from the
 * library, so editing a rollup in the code can never change what it does to a database.
 */

const MYSQL_TABLES = [
  'CREATE TABLE `request_totals_hourly` (`bucket_ms` bigint NOT NULL, `is_streaming` boolean NOT NULL, `requests` bigint NOT NULL DEFAULT 0, `successful` bigint NOT NULL DEFAULT 0, `estimated` bigint NOT NULL DEFAULT 0, `total_tokens` bigint NOT NULL DEFAULT 0, `total_tokens_n` bigint NOT NULL DEFAULT 0, `prompt_tokens` bigint NOT NULL DEFAULT 0, `completion_tokens` bigint NOT NULL DEFAULT 0, `response_time_sum` bigint NOT NULL DEFAULT 0, `response_time_n` bigint NOT NULL DEFAULT 0, `ttft_sum` bigint NOT NULL DEFAULT 0, `ttft_n` bigint NOT NULL DEFAULT 0, `tps_sum` double NOT NULL DEFAULT 0, `tps_n` bigint NOT NULL DEFAULT 0, PRIMARY KEY (`bucket_ms`, `is_streaming`)) ENGINE=InnoDB',
  // Byte-wise like request_records' text columns, so "GPT-4" and "gpt-4" stay apart.
  'CREATE TABLE `request_values_hourly` (`dimension` varchar(16) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NOT NULL, `bucket_ms` bigint NOT NULL, `value` varchar(255) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NOT NULL, `requests` bigint NOT NULL DEFAULT 0, PRIMARY KEY (`dimension`, `bucket_ms`, `value`)) ENGINE=InnoDB',
  'CREATE TABLE `request_latency_daily` (`metric` varchar(8) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NOT NULL, `bucket_ms` bigint NOT NULL, `is_streaming` boolean NOT NULL, `bin_ms` int NOT NULL, `requests` bigint NOT NULL DEFAULT 0, `min_ms` int NOT NULL, `max_ms` int NOT NULL, PRIMARY KEY (`metric`, `bucket_ms`, `is_streaming`, `bin_ms`)) ENGINE=InnoDB',
  // The ragged ends of a window are read from the records; the latency histograms' edge can
  // be most of a day of rows, and this index answers it without reading the rows themselves.
  'CREATE INDEX `idx_request_records_latency` ON `request_records` (`timestamp_ms`, `is_streaming`, `time_to_first_token_ms`, `response_time_ms`)',
];

const SQLITE_TABLES = [
  'CREATE TABLE "request_totals_hourly" ("bucket_ms" bigint NOT NULL, "is_streaming" boolean NOT NULL, "requests" bigint NOT NULL DEFAULT (0), "successful" bigint NOT NULL DEFAULT (0), "estimated" bigint NOT NULL DEFAULT (0), "total_tokens" bigint NOT NULL DEFAULT (0), "total_tokens_n" bigint NOT NULL DEFAULT (0), "prompt_tokens" bigint NOT NULL DEFAULT (0), "completion_tokens" bigint NOT NULL DEFAULT (0), "response_time_sum" bigint NOT NULL DEFAULT (0), "response_time_n" bigint NOT NULL DEFAULT (0), "ttft_sum" bigint NOT NULL DEFAULT (0), "ttft_n" bigint NOT NULL DEFAULT (0), "tps_sum" double NOT NULL DEFAULT (0), "tps_n" bigint NOT NULL DEFAULT (0), PRIMARY KEY ("bucket_ms", "is_streaming"))',
  'CREATE TABLE "request_values_hourly" ("dimension" varchar(16) NOT NULL, "bucket_ms" bigint NOT NULL, "value" varchar(255) NOT NULL, "requests" bigint NOT NULL DEFAULT (0), PRIMARY KEY ("dimension", "bucket_ms", "value"))',
  'CREATE TABLE "request_latency_daily" ("metric" varchar(8) NOT NULL, "bucket_ms" bigint NOT NULL, "is_streaming" boolean NOT NULL, "bin_ms" int NOT NULL, "requests" bigint NOT NULL DEFAULT (0), "min_ms" int NOT NULL, "max_ms" int NOT NULL, PRIMARY KEY ("metric", "bucket_ms", "is_streaming", "bin_ms"))',
  'CREATE INDEX "idx_request_records_latency" ON "request_records" ("timestamp_ms", "is_streaming", "time_to_first_token_ms", "response_time_ms")',
];

/** Latency bins keeping six significant bits, as of this migration (integer SQL both share). */
const bin = (c: string) =>
  `(${c} - ${c} % (CASE WHEN ${c} < 64 THEN 1 WHEN ${c} < 128 THEN 2 WHEN ${c} < 256 THEN 4 WHEN ${c} < 512 THEN 8 WHEN ${c} < 1024 THEN 16 WHEN ${c} < 2048 THEN 32 WHEN ${c} < 4096 THEN 64 WHEN ${c} < 8192 THEN 128 WHEN ${c} < 16384 THEN 256 WHEN ${c} < 32768 THEN 512 WHEN ${c} < 65536 THEN 1024 WHEN ${c} < 131072 THEN 2048 WHEN ${c} < 262144 THEN 4096 WHEN ${c} < 524288 THEN 8192 WHEN ${c} < 1048576 THEN 16384 WHEN ${c} < 2097152 THEN 32768 WHEN ${c} < 4194304 THEN 65536 WHEN ${c} < 8388608 THEN 131072 WHEN ${c} < 16777216 THEN 262144 WHEN ${c} < 33554432 THEN 524288 WHEN ${c} < 67108864 THEN 1048576 WHEN ${c} < 134217728 THEN 2097152 WHEN ${c} < 268435456 THEN 4194304 WHEN ${c} < 536870912 THEN 8388608 WHEN ${c} < 1073741824 THEN 16777216 WHEN ${c} < 2147483648 THEN 33554432 WHEN ${c} < 4294967296 THEN 67108864 ELSE 67108864 END))`;

const HOUR = '(timestamp_ms - timestamp_ms % 3600000)';
const DAY = '(timestamp_ms - timestamp_ms % 86400000)';

const valuesOf = (dimension: string) =>
  `INSERT INTO request_values_hourly (bucket_ms, dimension, value, requests) SELECT ${HOUR} AS bucket_ms, '${dimension}' AS dimension, ${dimension} AS value, COUNT(*) AS requests FROM request_records WHERE ${dimension} IS NOT NULL GROUP BY ${HOUR}, ${dimension}`;

const latencyOf = (metric: string, column: string) =>
  `INSERT INTO request_latency_daily (bucket_ms, is_streaming, metric, bin_ms, requests, min_ms, max_ms) SELECT ${DAY} AS bucket_ms, is_streaming, '${metric}' AS metric, ${bin(column)} AS bin_ms, COUNT(*) AS requests, MIN(${column}) AS min_ms, MAX(${column}) AS max_ms FROM request_records WHERE ${column} IS NOT NULL GROUP BY ${DAY}, is_streaming, ${bin(column)}`;

/** Fills the new tables from the records already there (the same SQL on both databases). */
const BACKFILL = [
  `INSERT INTO request_totals_hourly (bucket_ms, is_streaming, requests, successful, estimated, total_tokens, total_tokens_n, prompt_tokens, completion_tokens, response_time_sum, response_time_n, ttft_sum, ttft_n, tps_sum, tps_n) SELECT ${HOUR} AS bucket_ms, is_streaming, COUNT(*) AS requests, SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END) AS successful, SUM(CASE WHEN tokens_estimated = 1 THEN 1 ELSE 0 END) AS estimated, COALESCE(SUM(total_tokens), 0) AS total_tokens, COUNT(total_tokens) AS total_tokens_n, COALESCE(SUM(prompt_tokens), 0) AS prompt_tokens, COALESCE(SUM(completion_tokens), 0) AS completion_tokens, COALESCE(SUM(response_time_ms), 0) AS response_time_sum, COUNT(response_time_ms) AS response_time_n, COALESCE(SUM(time_to_first_token_ms), 0) AS ttft_sum, COUNT(time_to_first_token_ms) AS ttft_n, COALESCE(SUM(tokens_per_second), 0) AS tps_sum, COUNT(tokens_per_second) AS tps_n FROM request_records GROUP BY ${HOUR}, is_streaming`,
  valuesOf('model'),
  valuesOf('origin'),
  valuesOf('finish_reason'),
  valuesOf('error_type'),
  latencyOf('ttft', 'time_to_first_token_ms'),
  latencyOf('rt', 'response_time_ms'),
];

/**
 * Rollups the metrics API reads in place of whole-table scans: hourly totals per kind of
 * request, hourly counts per model, origin, finish reason and error type, daily latency
 * histograms. Filled from the records already there.
 */
export class CreateRollups1764288000000 implements MigrationInterface {
  name = 'CreateRollups1764288000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    for (const sql of mysql ? MYSQL_TABLES : SQLITE_TABLES) {
      await queryRunner.query(sql);
    }
    for (const sql of BACKFILL) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(
      mysql
        ? 'DROP INDEX `idx_request_records_latency` ON `request_records`'
        : 'DROP INDEX "idx_request_records_latency"',
    );
    await queryRunner.query('DROP TABLE request_latency_daily');
    await queryRunner.query('DROP TABLE request_values_hourly');
    await queryRunner.query('DROP TABLE request_totals_hourly');
  }
}
