// `npm start`: the gateway and the metrics API in one process, on the embedded SQLite default.
// Production runs them apart (`npm run start:gateway`, `npm run start:metrics`).
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import {
  DatabaseEnvironment,
  loadEnvironment,
  parseDatabaseUrl,
  type Environment,
} from '@app/persistence';
import { bootstrapGateway } from '../../gateway/src/main';
import { closeOnSignals, drainAndClose } from '../../gateway/src/shutdown';
import { bootstrapMetrics } from '../../metrics/src/main';

/**
 * Each app opens its own connection, and an in-memory SQLite database lives and dies with the
 * connection that made it: the metrics API would read an empty database of its own, never
 * what the gateway records. So that combination is refused rather than silently useless.
 */
export function refuseSeparateMemoryDatabases(environment: Environment): void {
  const { DATABASE_URL } = loadEnvironment(DatabaseEnvironment, environment);
  const target = parseDatabaseUrl(DATABASE_URL);
  if (target.kind === 'sqlite' && target.path === ':memory:') {
    throw new Error(
      'DATABASE_URL=sqlite::memory: cannot be used with `npm start`: the gateway and the ' +
        'metrics API each open their own connection, and each would get its own empty ' +
        'in-memory database, so the metrics API would never see what the gateway records. ' +
        'Use a file instead, e.g. DATABASE_URL=sqlite:./data/metrics.sqlite (the default) ' +
        'or DATABASE_URL=sqlite:/tmp/llm-gateway.sqlite for a throwaway one.',
    );
  }
}

export async function startAll(environment: Environment): Promise<void> {
  refuseSeparateMemoryDatabases(environment);
  const gateway = await bootstrapGateway(environment, false);
  const metrics = await bootstrapMetrics(environment, false);
  closeOnSignals(async () => {
    await drainAndClose(gateway);
    await metrics.close();
  });
}

if (require.main === module) {
  startAll(process.env).catch((error: Error) => {
    Logger.error(error.message, error.stack, 'Bootstrap');
    process.exit(1);
  });
}
