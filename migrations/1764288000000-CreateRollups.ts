import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { rollupRebuildStatements } from '@app/persistence/rollups/rollup-rebuild';
import {
  LATENCY_TABLE as LATENCY,
  TOTAL_COLUMNS,
  TOTALS_TABLE as TOTALS,
  VALUES_TABLE as VALUES,
} from '@app/persistence/rollups/rollup-columns';

const LATENCY_INDEX = 'idx_request_records_latency';

const bigint = (name: string) => ({ name, type: 'bigint', default: 0 });
const key = (name: string, type: string, length?: number) => ({
  name,
  type,
  isPrimary: true,
  ...(length && { length: String(length) }),
});

/**
 * Rollups the metrics API reads in place of whole-table scans: hourly totals per kind of
 * request, hourly counts per model, origin, finish reason and error type, daily latency
 * histograms. Filled from the records already there.
 */
export class CreateRollups1764288000000 implements MigrationInterface {
  name = 'CreateRollups1764288000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    // Byte-wise like request_records' text columns, so "GPT-4" and "gpt-4" stay apart.
    const binary = mysql
      ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' }
      : {};
    await queryRunner.createTable(
      new Table({
        name: TOTALS,
        columns: [
          key('bucket_ms', 'bigint'),
          key('is_streaming', 'boolean'),
          ...TOTAL_COLUMNS.map(({ name, double }) =>
            double ? { name, type: 'double', default: 0 } : bigint(name),
          ),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: VALUES,
        columns: [
          { ...key('dimension', 'varchar', 16), ...binary },
          key('bucket_ms', 'bigint'),
          { ...key('value', 'varchar', 255), ...binary },
          bigint('requests'),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: LATENCY,
        columns: [
          { ...key('metric', 'varchar', 8), ...binary },
          key('bucket_ms', 'bigint'),
          key('is_streaming', 'boolean'),
          key('bin_ms', 'int'),
          bigint('requests'),
          { name: 'min_ms', type: 'int' },
          { name: 'max_ms', type: 'int' },
        ],
      }),
      true,
    );
    // The ragged ends of a window are read from the records; the latency histograms' edge can
    // be most of a day of rows, and this index answers it without reading the rows themselves.
    await queryRunner.createIndex(
      'request_records',
      new TableIndex({
        name: LATENCY_INDEX,
        columnNames: [
          'timestamp_ms',
          'is_streaming',
          'time_to_first_token_ms',
          'response_time_ms',
        ],
      }),
    );
    for (const sql of rollupRebuildStatements()) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('request_records', LATENCY_INDEX);
    await queryRunner.dropTable(LATENCY);
    await queryRunner.dropTable(VALUES);
    await queryRunner.dropTable(TOTALS);
  }
}
