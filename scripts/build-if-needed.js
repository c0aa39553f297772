#!/usr/bin/env node
// Builds the apps when dist/ is missing or older than any source file, so that
// `npm start` works straight after `npm ci`.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outputs = [
  'dist/apps/gateway/src/main.js',
  'dist/apps/metrics/src/main.js',
];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = Math.max(
  ...['apps', 'libs', 'migrations'].map((d) => newestSource(join(root, d))),
);
const stale = outputs.some((out) => {
  const path = join(root, out);
  return !existsSync(path) || statSync(path).mtimeMs < sources;
});
if (stale) execSync('npm run build', { cwd: root, stdio: 'inherit' });
