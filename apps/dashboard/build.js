#!/usr/bin/env node
// Builds the dashboard into dist/dashboard: one script and one stylesheet bundled by esbuild
// (Chart.js included, nothing fetched at run time), plus index.html and the icon.
// `--if-needed` skips the build when the output is newer than every source.
const esbuild = require('esbuild');
const {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const out = join(root, 'dist', 'dashboard');
const outputs = ['index.html', 'app.js', 'app.css'].map((file) =>
  join(out, file),
);

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    0,
    ...readdirSync(path).map((entry) => newest(join(path, entry))),
  );
}

function isFresh() {
  const sources = Math.max(
    newest(__dirname),
    newest(join(root, 'package-lock.json')),
  );
  return outputs.every(
    (file) => existsSync(file) && statSync(file).mtimeMs >= sources,
  );
}

async function build() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: { app: join(__dirname, 'src', 'main.ts') },
    outdir: out,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['es2020'],
    tsconfig: join(__dirname, 'tsconfig.json'),
    logLevel: 'warning',
  });
  cpSync(join(__dirname, 'public'), out, { recursive: true });
}

if (process.argv.includes('--if-needed') && isFresh()) process.exit(0);
build().then(
  () => console.log(`dashboard built into ${out}`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
