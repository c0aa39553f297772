import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, per database.
 *
 * Text compares byte for byte on MySQL too (its default collations fold case), so that
 * "GPT-4" and "gpt-4" are counted apart on both databases, and holds any Unicode. SQLite only
 * auto-increments an INTEGER PRIMARY KEY, which is 64-bit there anyway.
 */
const MYSQL_TABLE =
  'CREATE TABLE `request_records` (`id` bigint NOT NULL AUTO_INCREMENT, `timestamp_ms` bigint NOT NULL, `endpoint` varchar(32) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NOT NULL, `model` varchar(255) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, `origin` varchar(255) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, `is_streaming` boolean NOT NULL, `success` boolean NOT NULL, `status_code` int NULL, `error_type` varchar(32) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, `error_message` varchar(512) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, `finish_reason` varchar(64) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, `message_count` int NULL, `prompt_tokens` int NULL, `completion_tokens` int NULL, `total_tokens` int NULL, `tokens_estimated` boolean NOT NULL DEFAULT false, `time_to_first_token_ms` int NULL, `time_to_last_token_ms` int NULL, `response_time_ms` int NULL, `tokens_per_second` double NULL, `request_id` varchar(128) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB';

const SQLITE_TABLE =
  'CREATE TABLE "request_records" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp_ms" bigint NOT NULL, "endpoint" varchar(32) NOT NULL, "model" varchar(255), "origin" varchar(255), "is_streaming" boolean NOT NULL, "success" boolean NOT NULL, "status_code" int, "error_type" varchar(32), "error_message" varchar(512), "finish_reason" varchar(64), "message_count" int, "prompt_tokens" int, "completion_tokens" int, "total_tokens" int, "tokens_estimated" boolean NOT NULL DEFAULT (false), "time_to_first_token_ms" int, "time_to_last_token_ms" int, "response_time_ms" int, "tokens_per_second" double, "request_id" varchar(128))';

/** Every read is a time window; listing pages newest first by (time, id). */
const TIME_INDEX =
  'CREATE INDEX idx_request_records_time ON request_records (timestamp_ms, id)';

export class CreateRequestRecords1764201600000 implements MigrationInterface {
  name = 'CreateRequestRecords1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(mysql ? MYSQL_TABLE : SQLITE_TABLE);
    await queryRunner.query(TIME_INDEX);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(
      mysql
        ? 'DROP INDEX idx_request_records_time ON request_records'
        : 'DROP INDEX idx_request_records_time',
    );
    await queryRunner.query('DROP TABLE request_records');
  }
}
