#!/usr/bin/env node
// Derives the rollup tables that /metrics reads again from every row of request_records, in
// one transaction: for rows imported or deleted behind the gateway's writer.
const {
  rebuildRollups,
} = require('../dist/libs/persistence/src/rollups/rollup-rebuild');

async function main() {
  const dataSource =
    require('../dist/libs/persistence/src/data-source').default;
  await dataSource.initialize();
  try {
    await rebuildRollups(dataSource);
    console.log('rollups rebuilt from request_records');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`rebuilding rollups failed: ${error.message}`);
  process.exit(1);
});
