import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from './config/database-url';
import { buildDataSourceOptions } from './config/data-source-options';

/** Used by the TypeORM CLI: `npm run migration:run` and `npm run migration:revert`. */
export default new DataSource(
  buildDataSourceOptions(process.env.DATABASE_URL || DEFAULT_DATABASE_URL),
);
