import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../config/data-source-options';
import { runMigrations } from '../config/run-migrations';
import type { SqlCondition } from '../sql/sql-types';
import {
  breakdownFromRecords,
  breakdownLatencyFromRecords,
} from './breakdown-sources';

const TEAM = { kind: 'tag', name: 'team' } as const;
const DAY = {
  sql: 'timestamp_ms >= ? AND timestamp_ms < ?',
  params: [0, 86_400_000],
};
const TOP = Array.from({ length: 10 }, (_, i) => `team-${i}`);

describe('breakdown SELECTs over the records, as SQLite plans them', () => {
  let dataSource: DataSource;
  let db: Database;
  beforeAll(async () => {
    dataSource = await new DataSource(
      buildDataSourceOptions('sqlite::memory:'),
    ).initialize();
    await runMigrations(dataSource);
    db = (dataSource.driver as unknown as { databaseConnection: Database })
      .databaseConnection;
  });
  afterAll(() => dataSource.destroy());

  const plan = ({ sql, params }: SqlCondition): string =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => (row as { detail: string }).detail)
      .join('\n');

  it.each(['user', 'api_key'] as const)(
    "the %s's shown values' percentiles: from its index alone, not the records' rows",
    (name) => {
      const select = breakdownLatencyFromRecords(
        { kind: 'column', name },
        'ttft',
        { where: DAY, values: TOP },
      );
      expect(plan(select)).toMatch(
        new RegExp(`USING COVERING INDEX idx_request_records_${name} `),
      );
    },
  );

  it.each([
    ['sums', breakdownFromRecords(TEAM, { where: DAY, values: TOP })],
    [
      'histogram',
      breakdownLatencyFromRecords(TEAM, 'rt', { where: DAY, values: TOP }),
    ],
  ])(
    "a tag's %s for its top values: the window's records first, then each one's tag by its key",
    (_, select) => {
      const detail = plan(select);
      expect(detail).toMatch(/^SEARCH request_records USING .*timestamp_ms/);
      expect(detail).toMatch(
        /SEARCH t USING .*INDEX sqlite_autoindex_request_tags_1 \(record_id=\? AND name=\?\)/,
      );
      expect(detail).not.toContain('idx_request_tags_value');
    },
  );
});
