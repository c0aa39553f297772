// Applies pending migrations to DATABASE_URL, then exits: the one-shot step that runs before
// the apps (docker-compose's `migrate` service, the Kubernetes init containers), which then
// start with DB_MIGRATE=false. It uses the apps' own runner, so copies running at once on
// MySQL serialise on its named lock and the schema is changed once.
import { runMigrations, type Environment } from '@app/persistence';
import { runCommand, withDatabase } from './with-database';

export async function migrate(environment: Environment): Promise<string> {
  const applied = await withDatabase(environment, runMigrations);
  const names = applied.map((migration) => migration.name);
  return names.length > 0
    ? `applied migrations: ${names.join(', ')}`
    : 'schema up to date: no pending migrations';
}

if (require.main === module) {
  runCommand('migrations', () => migrate(process.env));
}
