#!/usr/bin/env node
// Applies pending migrations to DATABASE_URL, then exits: the one-shot step that runs before
// the apps (docker-compose's `migrate` service, the Kubernetes init containers), which then
// start with DB_MIGRATE=false. It uses the apps' own runner, so copies running at once on
// MySQL serialise on its named lock and the schema is changed once.
const {
  runMigrations,
} = require('../dist/libs/persistence/src/config/run-migrations');

async function main() {
  // Loaded here so that a malformed DATABASE_URL is reported like any other failure.
  const dataSource =
    require('../dist/libs/persistence/src/data-source').default;
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    const names = applied.map((migration) => migration.name);
    console.log(
      names.length > 0
        ? `applied migrations: ${names.join(', ')}`
        : 'schema up to date: no pending migrations',
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`migrations failed: ${error.message}`);
  process.exit(1);
});
