import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const TABLE = 'request_records';

const nullableInt = (name: string) => ({ name, type: 'int', isNullable: true });

/**
 * Text compares byte for byte on MySQL too (its default collations fold case), so that
 * "GPT-4" and "gpt-4" are counted apart on both databases, and holds any Unicode.
 */
const textColumn =
  (mysql: boolean) =>
  (name: string, length: number, isNullable = true) => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable,
    ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}),
  });

export class CreateRequestRecords1764201600000 implements MigrationInterface {
  name = 'CreateRequestRecords1764201600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    const nullableText = textColumn(mysql);
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          {
            name: 'id',
            // SQLite only auto-increments an INTEGER PRIMARY KEY, which is 64-bit there anyway.
            type: mysql ? 'bigint' : 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'timestamp_ms', type: 'bigint' },
          nullableText('endpoint', 32, false),
          nullableText('model', 255),
          nullableText('origin', 255),
          { name: 'is_streaming', type: 'boolean' },
          { name: 'success', type: 'boolean' },
          nullableInt('status_code'),
          nullableText('error_type', 32),
          nullableText('error_message', 512),
          nullableText('finish_reason', 64),
          nullableInt('message_count'),
          nullableInt('prompt_tokens'),
          nullableInt('completion_tokens'),
          nullableInt('total_tokens'),
          { name: 'tokens_estimated', type: 'boolean', default: false },
          nullableInt('time_to_first_token_ms'),
          nullableInt('time_to_last_token_ms'),
          nullableInt('response_time_ms'),
          { name: 'tokens_per_second', type: 'double', isNullable: true },
          nullableText('request_id', 128),
        ],
      }),
      true,
    );
    // Every read is a time window; listing pages newest first by (time, id).
    await queryRunner.createIndex(
      TABLE,
      new TableIndex({
        name: 'idx_request_records_time',
        columnNames: ['timestamp_ms', 'id'],
      }),
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(TABLE, 'idx_request_records_time');
    await queryRunner.dropTable(TABLE);
  }
}
