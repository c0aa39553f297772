import { Test, type TestingModule } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DatabaseConnector,
  NO_SPOOL,
  PersistenceModule,
  type DatabaseConfig,
  type SpoolConfig,
} from '@app/persistence';

/** A spool in a new directory of its own, so that no test replays another's segments. */
export function testSpool(overrides: Partial<SpoolConfig> = {}): SpoolConfig {
  const dir = mkdtempSync(join(tmpdir(), 'spool-'));
  return { ...NO_SPOOL, dir, ...overrides };
}

/** The persistence module as the apps load it, pointed at a test database. */
export async function createPersistenceModule(
  url: string,
  overrides: Partial<DatabaseConfig> = {},
  spool: SpoolConfig = testSpool(),
): Promise<TestingModule> {
  const config: DatabaseConfig = {
    url,
    migrate: true,
    flushIntervalMs: 20,
    maxBatchSize: 500,
    maxBufferedRows: 100_000,
    retentionDays: 0,
    retentionBatchSize: 5_000,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({
    imports: [
      PersistenceModule.forRoot({ writer: true, database: config, spool }),
    ],
  }).compile();
  await moduleRef.init();
  if (config.migrate) await moduleRef.get(DatabaseConnector).get();
  return moduleRef;
}
