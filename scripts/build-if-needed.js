#!/usr/bin/env node
// Builds the apps when dist/ is missing or older than any source file, so that
// `npm start` works straight after `npm ci`.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outputs = [
  'dist/apps/gateway/src/main.js',
  'dist/apps/metrics/src/main.js',
  'dist/apps/cli/src/start-all.js',
  'dist/apps/cli/src/migrate.js',
  'dist/dashboard/index.html',
  'dist/dashboard/app.js',
];
// An incremental build leaves unchanged outputs untouched, so their times cannot tell
// whether the build is current: a stamp written after each build does.
const stamp = join(root, 'dist', '.build-stamp');
// apps/dashboard holds the web dashboard's styles, page and build script beside its .ts.
const SOURCE_FILE = /\.(ts|css|html|svg|js)$/;
const TEST_FILE = /\.spec\.ts$/;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (SOURCE_FILE.test(entry.name) && !TEST_FILE.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

// A production image ships dist/ without the sources: there is nothing to build from.
if (!existsSync(join(root, 'apps'))) process.exit(0);

const sources = Math.max(
  ...['apps', 'libs', 'migrations'].map((d) => newestSource(join(root, d))),
);
const stale =
  !existsSync(stamp) ||
  statSync(stamp).mtimeMs < sources ||
  outputs.some((out) => !existsSync(join(root, out)));
if (stale) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, new Date().toISOString());
}
