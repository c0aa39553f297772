// `npm run migration:revert`: undoes the last applied migration, with the runner and MySQL
// named lock that `npm run migration:run` and the apps use.
import { revertLastMigration, type Environment } from '@app/persistence';
import { runCommand, withDatabase } from './with-database';

export async function revertMigration(
  environment: Environment,
): Promise<string> {
  await withDatabase(environment, revertLastMigration);
  return 'reverted the last migration';
}

if (require.main === module) {
  runCommand('reverting the last migration', () =>
    revertMigration(process.env),
  );
}
