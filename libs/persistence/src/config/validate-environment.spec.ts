import { DatabaseEnvironment } from './database.environment';
import { databaseConfig } from './database.config';
import { BOOLEAN_SPELLINGS, parseBoolean } from './environment-fields';
import { loadEnvironment } from './validate-environment';

const load = (environment: Record<string, string>) =>
  databaseConfig(loadEnvironment(DatabaseEnvironment, environment));

describe('loadEnvironment', () => {
  it('gives every default when nothing is set', () => {
    expect(load({})).toEqual({
      url: 'sqlite:./data/metrics.sqlite',
      migrate: true,
      flushIntervalMs: 250,
      maxBatchSize: 500,
      maxBufferedRows: 100_000,
      retentionDays: 0,
      retentionBatchSize: 5_000,
    });
  });

  it('reads numbers as numbers and an empty value as unset', () => {
    expect(
      load({ RECORD_BATCH_SIZE: '97', RETENTION_DAYS: '', DB_MIGRATE: '' }),
    ).toMatchObject({ maxBatchSize: 97, retentionDays: 0, migrate: true });
  });

  it.each(['0', 'false', 'FALSE', 'no', 'Off'])(
    'reads DB_MIGRATE=%s as false',
    (spelling) => {
      expect(load({ DB_MIGRATE: spelling }).migrate).toBe(false);
    },
  );

  it.each(['1', 'true', 'True', 'yes', 'ON'])(
    'reads DB_MIGRATE=%s as true',
    (spelling) => {
      expect(load({ DB_MIGRATE: spelling }).migrate).toBe(true);
    },
  );

  it('refuses any other spelling, naming the key and the accepted ones', () => {
    expect(() => load({ DB_MIGRATE: 'nope' })).toThrow(
      /DB_MIGRATE: DB_MIGRATE must be one of true, 1, yes, on, false, 0, no, off/,
    );
  });

  it('names every bad key at once', () => {
    let message = '';
    try {
      load({ DB_MIGRATE: '2', RECORD_BATCH_SIZE: 'ten', DATABASE_URL: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/DB_MIGRATE/);
    expect(message).toMatch(/RECORD_BATCH_SIZE/);
    expect(message).toMatch(/DATABASE_URL/);
  });
});

describe('parseBoolean', () => {
  it('reads exactly the listed spellings', () => {
    expect(BOOLEAN_SPELLINGS.map(parseBoolean)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(parseBoolean('y')).toBe('y');
    expect(parseBoolean('enabled')).toBe('enabled');
  });
});
