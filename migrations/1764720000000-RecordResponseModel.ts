import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, per database; it imports nothing
 * from the library.
 */

const MYSQL_UP =
  'ALTER TABLE `request_records` ADD `response_model` varchar(255) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL';
const MYSQL_DOWN = 'ALTER TABLE `request_records` DROP COLUMN `response_model`';
const SQLITE_UP =
  'ALTER TABLE "request_records" ADD COLUMN "response_model" varchar(255)';
const SQLITE_DOWN =
  'ALTER TABLE "request_records" DROP COLUMN "response_model"';

/**
 * The model the backend named in its answer, beside the one the client asked for: an alias
 * (`gpt-4o`) answered by a dated snapshot, or a router's choice. Older rows keep NULL.
 */
export class RecordResponseModel1764720000000 implements MigrationInterface {
  name = 'RecordResponseModel1764720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(mysql ? MYSQL_UP : SQLITE_UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(mysql ? MYSQL_DOWN : SQLITE_DOWN);
  }
}
