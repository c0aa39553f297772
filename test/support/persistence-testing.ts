import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  DatabaseConnector,
  PersistenceModule,
  databaseConfig,
  type DatabaseConfig,
} from '@app/persistence';

/** The persistence module as the apps load it, pointed at a test database. */
export async function createPersistenceModule(
  url: string,
  overrides: Partial<DatabaseConfig> = {},
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
      ConfigModule.forRoot({ ignoreEnvFile: true }),
      PersistenceModule.forRoot({ writer: true }),
    ],
  })
    .overrideProvider(databaseConfig.KEY)
    .useValue(config)
    .compile();
  await moduleRef.init();
  if (config.migrate) await moduleRef.get(DatabaseConnector).get();
  return moduleRef;
}
