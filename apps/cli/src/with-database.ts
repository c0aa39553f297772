import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  DatabaseEnvironment,
  buildDataSourceOptions,
  loadEnvironment,
  type Environment,
} from '@app/persistence';

/**
 * Connects to the database `environment` names, validated as the apps validate it, runs
 * `work` and disconnects.
 */
export async function withDatabase<T>(
  environment: Environment,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const { DATABASE_URL } = loadEnvironment(DatabaseEnvironment, environment);
  const dataSource = new DataSource(buildDataSourceOptions(DATABASE_URL));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs a command's main and exits with its outcome, the error's message on stderr. */
export function runCommand(what: string, main: () => Promise<string>): void {
  main().then(
    (message) => {
      console.log(message);
      process.exit(0);
    },
    (error: Error) => {
      console.error(`${what} failed: ${error.message}`);
      process.exit(1);
    },
  );
}
