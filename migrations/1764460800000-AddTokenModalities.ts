import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audio and text parts of prompt and completion tokens, where a backend reports them. */
const COLUMNS = [
  'prompt_text_tokens',
  'prompt_audio_tokens',
  'completion_text_tokens',
  'completion_audio_tokens',
];

/**
 * Realtime sessions (and audio chat models) report how many of their tokens were audio and
 * how many text; older rows and backends that do not say keep NULL.
 */
export class AddTokenModalities1764460800000 implements MigrationInterface {
  name = 'AddTokenModalities1764460800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'mysql') {
      await queryRunner.query(
        'ALTER TABLE `request_records` ' +
          'ADD COLUMN `prompt_text_tokens` int NULL, ' +
          'ADD COLUMN `prompt_audio_tokens` int NULL, ' +
          'ADD COLUMN `completion_text_tokens` int NULL, ' +
          'ADD COLUMN `completion_audio_tokens` int NULL',
      );
      return;
    }
    // SQLite adds one column per statement.
    for (const column of COLUMNS) {
      await queryRunner.query(
        `ALTER TABLE "request_records" ADD COLUMN "${column}" int`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'mysql') {
      await queryRunner.query(
        'ALTER TABLE `request_records` ' +
          'DROP COLUMN `prompt_text_tokens`, ' +
          'DROP COLUMN `prompt_audio_tokens`, ' +
          'DROP COLUMN `completion_text_tokens`, ' +
          'DROP COLUMN `completion_audio_tokens`',
      );
      return;
    }
    // SQLite drops columns since 3.35 (better-sqlite3 bundles a later one).
    for (const column of [...COLUMNS].reverse()) {
      await queryRunner.query(
        `ALTER TABLE "request_records" DROP COLUMN "${column}"`,
      );
    }
  }
}
