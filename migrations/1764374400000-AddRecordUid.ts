import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, per database.
 *
 * Each record the gateway spools carries a unique id, so that replaying a spool segment whose
 * records were already committed (a crash between the commit and the segment's deletion)
 * stores nothing twice. Rows from before have none; both databases let NULLs repeat in a
 * UNIQUE index.
 */
const MYSQL_COLUMN =
  'ALTER TABLE `request_records` ADD `record_uid` varchar(36) CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin" NULL';
const SQLITE_COLUMN =
  'ALTER TABLE "request_records" ADD COLUMN "record_uid" varchar(36)';
const UID_INDEX =
  'CREATE UNIQUE INDEX idx_request_records_uid ON request_records (record_uid)';

export class AddRecordUid1764374400000 implements MigrationInterface {
  name = 'AddRecordUid1764374400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(mysql ? MYSQL_COLUMN : SQLITE_COLUMN);
    await queryRunner.query(UID_INDEX);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(
      mysql
        ? 'DROP INDEX idx_request_records_uid ON request_records'
        : 'DROP INDEX idx_request_records_uid',
    );
    await queryRunner.query(
      'ALTER TABLE request_records DROP COLUMN record_uid',
    );
  }
}
