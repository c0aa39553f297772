import { DataSource, type DataSourceOptions, type Driver } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { createConnection } from 'mysql2/promise';
import { ALL_ENTITIES, buildDataSourceOptions } from '@app/persistence';
import type { TestDatabase } from '../support/test-databases';

export interface SchemaDifference {
  /** What TypeORM's schema builder would run to make the database match the entities. */
  queries: string[];
  /** `table.column collation` of every entity column with a collation, which TypeORM skips. */
  collations: string[];
}

/**
 * TypeORM reads MariaDB's catalogue right only when told it is MariaDB (it reports the default
 * of a nullable column as the text NULL); the apps need not know, they never read it.
 */
async function describedOptions(url: string): Promise<DataSourceOptions> {
  const options = buildDataSourceOptions(url);
  if (options.type !== 'mysql') return options;
  const connection = await createConnection({ uri: url });
  try {
    const [rows] = await connection.query('SELECT VERSION() AS v');
    const [{ v }] = rows as { v: string }[];
    return v.includes('MariaDB') ? { ...options, type: 'mariadb' } : options;
  } finally {
    await connection.end();
  }
}

/**
 * SQLite has one integer type under many spellings, and false is 0: the migrations declared
 * `int` and `DEFAULT (false)`, and the auto-increment key has to be `integer`, where TypeORM
 * spells them its own way (`integer`, `0`, and the entity's `bigint`, which SQLite refuses to
 * auto-increment). Every other difference still counts.
 */
function spellLikeTheMigrations(driver: Driver): void {
  const normalize = driver.normalizeType.bind(driver);
  driver.normalizeType = (column) => {
    if (column.type === 'int') return 'int';
    if ((column as ColumnMetadata).isGenerated) return 'integer';
    return normalize(column);
  };
  const normalizeDefault = driver.normalizeDefault.bind(driver);
  driver.normalizeDefault = (column) =>
    typeof column.default === 'boolean'
      ? String(column.default)
      : normalizeDefault(column);
}

/** What TypeORM would still change to make the database match the entities. */
export async function pendingChanges(
  database: TestDatabase,
): Promise<SchemaDifference> {
  const described = await new DataSource({
    ...(await describedOptions(database.url)),
    entities: ALL_ENTITIES,
  }).initialize();
  try {
    if (database.kind === 'sqlite') spellLikeTheMigrations(described.driver);
    const log = await described.driver.createSchemaBuilder().log();
    return {
      queries: log.upQueries.map((query) => query.query),
      collations: described.entityMetadatas.flatMap((entity) =>
        entity.columns
          .filter((column) => column.collation)
          .map((c) => `${entity.tableName}.${c.databaseName} ${c.collation}`),
      ),
    };
  } finally {
    await described.destroy();
  }
}
