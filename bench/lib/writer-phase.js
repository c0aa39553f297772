'use strict';
// The writer's throughput before and after: the same generated records committed through the
// writer's commit path of the current build and of a baseline build (BENCH_BASELINE_DIST, the
// dist/ of a checkout without the change), each round into fresh databases, the two in turn
// and in alternating order so that other work on the machine falls on both alike.
const fs = require('node:fs');
const path = require('node:path');
const { mysqlServer } = require('./databases');
const { runJob } = require('./processes');
const { DAY_MS } = require('./records');
const { median } = require('./report');
const { round } = require('./load');
const { halvingWhileRefused } = require('./batch-fallback');

const ROOT = path.join(__dirname, '..', '..');
/** The writer's default RECORD_BATCH_SIZE; halved while a build's statements are refused. */
const BATCH = 500;
/** After within 15% of before. */
const MIN_RATIO = 0.85;

async function commitRound(variant, url, opts, batch) {
  const { records } = opts.writer;
  // Untimed: the first two batches warm the statements and the JIT up.
  const warmup = 2 * batch;
  const result = await runJob({
    name: `writer-${variant.name}`,
    args: [
      'bench/lib/commit-records.js',
      JSON.stringify({
        dist: variant.dist,
        url,
        count: records + warmup,
        endMs: opts.nowMs,
        // The rate of the scale phase's records: 1M in 30 days.
        spanMs: ((records + warmup) * 30 * DAY_MS) / 1_000_000,
        batch,
        seed: 2,
        warmup,
      }),
    ],
    logDir: opts.logDir,
  });
  return result;
}

/** A fresh database of `kind` per commit: made, used, removed. */
function freshDatabases(kind, opts, server) {
  let n = 0;
  if (kind === 'sqlite')
    return async (use) => {
      n += 1;
      const file = path.join(opts.tmpDir, `writer-${n}.sqlite`);
      try {
        return await use(`sqlite:${file}`);
      } finally {
        for (const suffix of ['', '-wal', '-shm'])
          fs.rmSync(`${file}${suffix}`, { force: true });
      }
    };
  return async (use) => {
    const { url, name } = await server.create('writer');
    try {
      return await use(url);
    } finally {
      await server.drop(name);
    }
  };
}

async function roundsAt(batch, kind, variants, opts, log, server) {
  const fresh = freshDatabases(kind, opts, server);
  const rps = { before: [], after: [] };
  const cpuUs = { before: [], after: [] };
  const ratios = [];
  const cpuRatios = [];
  for (let r = 0; r < opts.writer.rounds; r += 1) {
    const order = r % 2 === 0 ? variants : [...variants].reverse();
    const runs = {};
    for (const variant of order)
      runs[variant.name] = await fresh((url) =>
        commitRound(variant, url, opts, batch),
      );
    const { before, after } = runs;
    rps.before.push(before.recordsPerSecond);
    rps.after.push(after.recordsPerSecond);
    cpuUs.before.push(before.cpuUsPerRecord);
    cpuUs.after.push(after.cpuUsPerRecord);
    ratios.push(after.recordsPerSecond / before.recordsPerSecond);
    cpuRatios.push(after.cpuUsPerRecord / before.cpuUsPerRecord);
    log(
      `  ${kind} round ${r + 1}: before ${before.recordsPerSecond} records/s (${before.cpuUsPerRecord} CPU µs each), after ${after.recordsPerSecond} records/s (${after.cpuUsPerRecord} µs)`,
    );
  }
  const ratio = round(median(ratios), 3);
  return {
    database: kind,
    rps,
    cpuUs,
    medianBefore: median(rps.before),
    medianAfter: median(rps.after),
    ratio,
    cpuRatio: round(median(cpuRatios), 3),
    met: ratio >= MIN_RATIO,
  };
}

async function compareOn(kind, variants, opts, log, server) {
  const { batch, result, refused } = await halvingWhileRefused(
    BATCH,
    (size) => roundsAt(size, kind, variants, opts, log, server),
    (size, reason) =>
      log(
        `\n!!!!! ${kind} refused a batch of ${size}: ${reason}; both builds again at ${Math.floor(size / 2)} !!!!!\n`,
      ),
  );
  return { ...result, batch, refused };
}

async function writerPhase(opts, log) {
  const baseline = opts.writer.baselineDist;
  const entry =
    baseline && path.join(baseline, 'libs/persistence/src/index.js');
  if (!baseline || !fs.existsSync(entry)) {
    const why = baseline
      ? `no build at BENCH_BASELINE_DIST=${baseline} (run npm run build there)`
      : 'BENCH_BASELINE_DIST is not set';
    log(`\n!!!!! writer before/after NOT COMPARED: ${why} !!!!!\n`);
    return { skipped: why };
  }
  const variants = [
    { name: 'before', dist: path.resolve(baseline) },
    { name: 'after', dist: path.join(ROOT, 'dist') },
  ];
  log(
    `writer throughput, before (${variants[0].dist}) vs after (${variants[1].dist}): ${opts.writer.records} records in batches of up to ${BATCH}, ${opts.writer.rounds} rounds in alternating order`,
  );
  const stores = [await compareOn('sqlite', variants, opts, log)];
  const server = opts.skipMysql ? null : await mysqlServer(opts.mysqlUrl);
  if (server) {
    opts.cleanups.add(server.close);
    try {
      stores.push(await compareOn('mysql', variants, opts, log, server));
    } finally {
      opts.cleanups.delete(server.close);
      await server.close();
    }
  } else {
    const skipped = opts.skipMysql ? 'BENCH_SKIP_MYSQL is set' : 'no server';
    stores.push({ database: 'mysql', skipped });
  }
  return { baselineDist: variants[0].dist, stores };
}

module.exports = { writerPhase, MIN_RATIO };
