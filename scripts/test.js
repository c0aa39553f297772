#!/usr/bin/env node
// `npm test`: the unit specs, then the end-to-end suites (SQLite always, MySQL when it answers).
const { spawnSync } = require('node:child_process');

const jest = require.resolve('jest/bin/jest');
const runs = [[jest], [jest, '--config', 'test/jest-e2e.json', '--runInBand']];
for (const args of runs) {
  const { status } = spawnSync(
    process.execPath,
    [...args, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (status !== 0) process.exit(status ?? 1);
}
