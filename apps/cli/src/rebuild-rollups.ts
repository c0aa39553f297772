// `npm run rollups:rebuild`: derives the rollup tables that /metrics reads again from every
// row of request_records, in one transaction: for rows imported or deleted behind the
// gateway's writer.
import type { Environment } from '@app/persistence';
import { rebuildRollups } from '@app/persistence/rollups/rollup-rebuild';
import { runCommand, withDatabase } from './with-database';

export async function rebuild(environment: Environment): Promise<string> {
  await withDatabase(environment, rebuildRollups);
  return 'rollups rebuilt from request_records';
}

if (require.main === module) {
  runCommand('rebuilding rollups', () => rebuild(process.env));
}
