import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  WAL_CHECKPOINT_PAGES,
} from './data-source-options';

async function pragmasOf(url: string) {
  const dataSource = await new DataSource(
    buildDataSourceOptions(url),
  ).initialize();
  try {
    const db = (
      dataSource.driver as unknown as { databaseConnection: Database }
    ).databaseConnection;
    return {
      journal: db.pragma('journal_mode', { simple: true }),
      checkpoint: db.pragma('wal_autocheckpoint', { simple: true }),
    };
  } finally {
    await dataSource.destroy();
  }
}

describe('buildDataSourceOptions on SQLite', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'data-source-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a file in WAL mode, checkpointing every WAL_CHECKPOINT_PAGES pages', async () => {
    expect(WAL_CHECKPOINT_PAGES).toBeGreaterThan(1_000);
    await expect(pragmasOf(`sqlite:${join(dir, 'a.sqlite')}`)).resolves.toEqual(
      {
        journal: 'wal',
        checkpoint: WAL_CHECKPOINT_PAGES,
      },
    );
  });

  it('leaves an in-memory database as SQLite makes it', async () => {
    await expect(pragmasOf('sqlite::memory:')).resolves.toEqual({
      journal: 'memory',
      checkpoint: 1_000,
    });
  });
});
