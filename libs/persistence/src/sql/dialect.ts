import type { DataSource } from 'typeorm';

/** The two SQL dialects the store speaks; the only place that tells them apart. */
export type Dialect = 'mysql' | 'sqlite';

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite';
}
