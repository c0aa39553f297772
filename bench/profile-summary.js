#!/usr/bin/env node
'use strict';
// Where the time of a V8 CPU profile went: self time by function and by package.
//   BENCH_GATEWAY_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" npm run bench
//   node bench/profile-summary.js /tmp/prof/<file>.cpuprofile [top]
const fs = require('node:fs');

function area(url) {
  if (url.startsWith('node:'))
    return url.replace(/^node:internal\/([^/]+).*/, 'node:$1');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /dist\/((?:apps|libs)\/[^/]+\/src\/[^/]+)/.exec(url);
  return app ? app[1] : url;
}

function summarize(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const gaps = profile.timeDeltas;
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (gaps[i] ?? 0)),
  );
  const byFunction = new Map();
  const byArea = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const where = callFrame.url ? area(callFrame.url) : callFrame.functionName;
    byArea.set(where, (byArea.get(where) ?? 0) + micros);
    total += micros;
  }
  return { total, idle, byFunction, byArea };
}

function print(title, map, total, top) {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${key}`,
    );
  }
}

const [file, top = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const { total, idle, byFunction, byArea } = summarize(
  JSON.parse(fs.readFileSync(file, 'utf8')),
);
console.log(
  `profile: ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle`,
);
print('self time by package or app folder', byArea, total, Number(top));
print('self time by function', byFunction, total, Number(top));
