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
  'ALTER TABLE `request_totals_hourly` ADD `cached_prompt_tokens` bigint NOT NULL DEFAULT 0, ADD `cost_nano_usd` bigint NOT NULL DEFAULT 0, ADD `priced_requests` bigint NOT NULL DEFAULT 0, ADD `unpriced_requests` bigint NOT NULL DEFAULT 0',
  `CREATE TABLE \`request_tags\` (\`record_id\` bigint NOT NULL, \`name\` varchar(32) ${BIN} NOT NULL, \`value\` varchar(128) ${BIN} NOT NULL, PRIMARY KEY (\`record_id\`, \`name\`)) ENGINE=InnoDB`,
  'CREATE INDEX `idx_request_tags_value` ON `request_tags` (`name`, `value`, `record_id`)',
  // Users (up to 256 characters) and key ids are counted per hour beside models and origins.
  `ALTER TABLE \`request_values_hourly\` MODIFY \`value\` varchar(256) ${BIN} NOT NULL`,
];

const SQLITE_UP = [
  'ALTER TABLE "request_records" ADD COLUMN "user" varchar(256)',
  'ALTER TABLE "request_records" ADD COLUMN "api_key_id" varchar(16)',
  'ALTER TABLE "request_records" ADD COLUMN "cached_prompt_tokens" int',
  'ALTER TABLE "request_records" ADD COLUMN "cost_usd" double',
  'CREATE INDEX "idx_request_records_user" ON "request_records" ("user", "timestamp_ms", "id")',
  'CREATE INDEX "idx_request_records_api_key" ON "request_records" ("api_key_id", "timestamp_ms", "id")',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "cached_prompt_tokens" bigint NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "cost_nano_usd" bigint NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "priced_requests" bigint NOT NULL DEFAULT (0)',
  'ALTER TABLE "request_totals_hourly" ADD COLUMN "unpriced_requests" bigint NOT NULL DEFAULT (0)',
  'CREATE TABLE "request_tags" ("record_id" bigint NOT NULL, "name" varchar(32) NOT NULL, "value" varchar(128) NOT NULL, PRIMARY KEY ("record_id", "name"))',
  'CREATE INDEX "idx_request_tags_value" ON "request_tags" ("name", "value", "record_id")',
  ...rebuildValuesTable(256),
];

/** Records written before had no price: every one of them counts as unpriced. */
const BACKFILL =
  'UPDATE request_totals_hourly SET unpriced_requests = requests';

/** SQLite changes a column's declared type only by copying the table. */
function rebuildValuesTable(length: number): string[] {
  return [
    `CREATE TABLE "temporary_request_values_hourly" ("dimension" varchar(16) NOT NULL, "bucket_ms" bigint NOT NULL, "value" varchar(${length}) NOT NULL, "requests" bigint NOT NULL DEFAULT (0), PRIMARY KEY ("dimension", "bucket_ms", "value"))`,
    'INSERT INTO "temporary_request_values_hourly" ("dimension", "bucket_ms", "value", "requests") SELECT "dimension", "bucket_ms", "value", "requests" FROM "request_values_hourly"',
    'DROP TABLE "request_values_hourly"',
    'ALTER TABLE "temporary_request_values_hourly" RENAME TO "request_values_hourly"',
  ];
}

/** The dimensions this migration added, which the code before it does not know. */
const FORGET_NEW_VALUES =
  "DELETE FROM request_values_hourly WHERE dimension IN ('user', 'api_key_id')";

const MYSQL_DOWN = [
  FORGET_NEW_VALUES,
  `ALTER TABLE \`request_values_hourly\` MODIFY \`value\` varchar(255) ${BIN} NOT NULL`,
  'DROP TABLE `request_tags`',
  'ALTER TABLE `request_totals_hourly` DROP COLUMN `cached_prompt_tokens`, DROP COLUMN `cost_nano_usd`, DROP COLUMN `priced_requests`, DROP COLUMN `unpriced_requests`',
  'DROP INDEX `idx_request_records_api_key` ON `request_records`',
  'DROP INDEX `idx_request_records_user` ON `request_records`',
  'ALTER TABLE `request_records` DROP COLUMN `user`, DROP COLUMN `api_key_id`, DROP COLUMN `cached_prompt_tokens`, DROP COLUMN `cost_usd`',
];

const SQLITE_DOWN = [
  FORGET_NEW_VALUES,
  ...rebuildValuesTable(255),
  'DROP TABLE "request_tags"',
  ...[
    'cached_prompt_tokens',
    'cost_nano_usd',
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
export class RecordAttribution1764547200000 implements MigrationInterface {
  name = 'RecordAttribution1764547200000';

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
