import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, per database; it imports nothing
 * from the library.
 */

const BIN = 'CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin"';

const MYSQL_UP = [
  `ALTER TABLE \`request_records\` ADD \`user\` varchar(256) ${BIN} NULL, ADD \`api_key_id\` varchar(16) ${BIN} NULL, ADD \`cached_prompt_tokens\` int NULL, ADD \`cost_usd\` double NULL`,
  'CREATE INDEX `idx_request_records_user` ON `request_records` (`user`, `timestamp_ms`, `id`)',
  'CREATE INDEX `idx_request_records_api_key` ON `request_records` (`api_key_id`, `timestamp_ms`, `id`)',
  'ALTER TABLE `request_totals_hourly` ADD `cached_prompt_tokens` bigint NOT NULL DEFAULT 0, ADD `cost_usd` double NOT NULL DEFAULT 0, ADD `priced_requests` bigint NOT NULL DEFAULT 0, ADD `unpriced_requests` bigint NOT NULL DEFAULT 0',
  `CREATE TABLE \`request_tags\` (\`record_id\` bigint NOT NULL, \`name\` varchar(32) ${BIN} NOT NULL, \`value\` varchar(128) ${BIN} NOT NULL, PRIMARY KEY (\`record_id\`, \`name\`)) ENGINE=InnoDB`,
  'CREATE INDEX `idx_request_tags_value` ON `request_tags` (`name`, `value`, `record_id`)',
];

const SQLITE_UP = [
  'ALTER TABLE "request_records" ADD COLUMN "user" varchar(256)',
  'ALTER TABLE "request_records" ADD COLUMN "api_key_id" varchar(16)',
  'ALTER TABLE "request_records" ADD COLUMN "cached_prompt_tokens" int',
  'ALTER TABLE "request_records" ADD COLUMN "cost_usd" double',
  'CREATE INDEX "idx_request_records_user" ON "request_records" ("user", "timestamp_ms", "id")',
  'CREATE INDEX "idx_request_records_api_key" ON "request_records" ("api_key_id", "timestamp_ms", "id")',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "cached_prompt_tokens" bigint NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "cost_usd" double NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "priced_requests" bigint NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "unpriced_requests" bigint NOT NULL DEFAULT (0)',
  'CREATE TABLE "request_tags" ("record_id" bigint NOT NULL, "name" varchar(32) NOT NULL, "value" varchar(128) NOT NULL, PRIMARY KEY ("record_id", "name"))',
  'CREATE INDEX "idx_request_tags_value" ON "request_tags" ("name", "value", "record_id")',
];

/** Records written before had no price: every one of them counts as unpriced. */
const BACKFILL =
  'UPDATE request_totals_hourly SET unpriced_requests = requests';

const MYSQL_DOWN = [
  'DROP TABLE `request_tags`',
  'ALTER TABLE `request_totals_hourly` DROP COLUMN `cached_prompt_tokens`, DROP COLUMN `cost_usd`, DROP COLUMN `priced_requests`, DROP COLUMN `unpriced_requests`',
  'DROP INDEX `idx_request_records_api_key` ON `request_records`',
  'DROP INDEX `idx_request_records_user` ON `request_records`',
  'ALTER TABLE `request_records` DROP COLUMN `user`, DROP COLUMN `api_key_id`, DROP COLUMN `cached_prompt_tokens`, DROP COLUMN `cost_usd`',
];

const SQLITE_DOWN = [
  'DROP TABLE "request_tags"',
  ...[
    'cached_prompt_tokens',
    'cost_usd',
    'priced_requests',
    'unpriced_requests',
  ].map(
    (column) => `ALTER TABLE "request_totals_hourly" DROP COLUMN "${column}"`,
  ),
  'DROP INDEX "idx_request_records_api_key"',
  'DROP INDEX "idx_request_records_user"',
  ...['user', 'api_key_id', 'cached_prompt_tokens', 'cost_usd'].map(
    (column) => `ALTER TABLE "request_records" DROP COLUMN "${column}"`,
  ),
];

/**
 * Who sent each request and what it cost: user, API key id, cached prompt tokens and cost on
 * the records, their tags in their own table, and cost in the hourly totals.
 */
export class RecordAttribution1764374400000 implements MigrationInterface {
  name = 'RecordAttribution1764374400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    for (const sql of mysql ? MYSQL_UP : SQLITE_UP)
      await queryRunner.query(sql);
    await queryRunner.query(BACKFILL);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    for (const sql of mysql ? MYSQL_DOWN : SQLITE_DOWN)
      await queryRunner.query(sql);
  }
}
