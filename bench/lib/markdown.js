'use strict';
// The report as markdown tables, for the terminal and for pasting into a review.

const cell = (value) =>
  value === null || value === undefined ? '' : String(value);
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
const verdict = (met) => (met === null ? 'n/a' : met ? 'met' : '**missed**');

const fmt = (value, suffix = '') =>
  value === null || value === undefined ? '' : `${value}${suffix}`;

function scenarioTable(scenarios) {
  const rps = (s, t) => s.targets[t]?.rps;
  const cpu = (s, t) => s.targets[t]?.cpuUsPerRequest;
  return table(
    [
      'scenario',
      'c',
      'bare req/s',
      'floor req/s',
      'gateway req/s',
      'gateway % of floor',
      'gateway % of bare',
      'floor % of bare',
      'CPU µs/req bare / floor / gateway',
      'gateway CPU µs/chunk over floor',
      'metrics cost %',
      'gateway p50 ms',
      'failed',
    ],
    scenarios.map((s) => [
      s.scenario,
      s.connections,
      rps(s, 'bare-proxy'),
      rps(s, 'floor'),
      rps(s, 'gateway'),
      fmt(s.gatewayPctOfFloor, '%'),
      fmt(s.gatewayPctOfBare, '%'),
      fmt(s.floorPctOfBare, '%'),
      `${fmt(cpu(s, 'bare-proxy'))} / ${fmt(cpu(s, 'floor'))} / ${fmt(cpu(s, 'gateway'))}`,
      s.chunks
        ? s.gatewayCpuUsPerChunkOverFloor
        : `${fmt(s.gatewayCpuUsOverFloor)} per req`,
      fmt(s.metricsCostPct, '%'),
      s.targets.gateway?.p50Ms,
      Object.values(s.targets).reduce((n, t) => n + t.failed, 0),
    ]),
  );
}

function proxyTables(proxy) {
  const runs = scenarioTable(proxy.scenarios);
  const streams = table(
    [
      'through',
      'streams',
      'complete',
      'wall ms',
      'stream p50/max ms',
      'first byte p50/max ms',
      'backend peak concurrent',
      'RSS before MiB',
      'RSS peak MiB',
    ],
    proxy.streams.map((s) => [
      s.target,
      s.count,
      s.completed,
      s.wallMs,
      `${s.streamP50Ms}/${s.streamMaxMs}`,
      `${s.firstByteP50Ms}/${s.firstByteMaxMs}`,
      s.backendPeakConcurrent,
      s.rssBeforeMiB,
      s.rssPeakMiB,
    ]),
  );
  const rec = proxy.recording;
  const idle = proxy.idleRssMiB;
  return [
    `### Proxy\n\n${runs}`,
    'Medians over the rounds; shares are medians of per-round ratios. CPU µs/req: CPU time of ' +
      'the serving process per request, which moves less with other load than req/s (compare within a run). ' +
      'failed: non-2xx, errors, timeouts and incomplete streams over all targets and rounds.',
    `RSS at idle after start: backend ${idle.backend} MiB, bare proxy ${idle.bare} MiB, floor ${idle.floor} MiB, gateway ${idle.gateway} MiB.`,
    'metrics cost %: req/s the gateway loses to its instrumentation against gateway-no-metrics ' +
      '(the same gateway with PROMETHEUS_ENABLED=false) in the same round.',
    proxy.streams.length ? `### Slow streams\n\n${streams}` : '',
    `Gateway recorded ${rec.rowsWritten} rows (${JSON.stringify(rec.rowsByKind)}) for ${rec.forwarded} requests it forwarded.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

function metricsTables(metricsApi) {
  const stores = metricsApi.filter((s) => !s.skipped);
  const lat = (l) =>
    l.status === 200
      ? `${l.p50Ms} / ${l.p99Ms} (n=${l.count})`
      : `status ${l.status}`;
  const sizes = table(
    [
      'database',
      'rows',
      'seed s',
      '/metrics p50 / p99 ms',
      '/metrics?start=(24 h ago) p50 / p99 ms',
      '/completion_requests?limit=100 p50 / p99 ms',
    ],
    stores.flatMap((s) =>
      s.sizes.map((z) => [
        s.database,
        z.rows,
        z.seedSeconds,
        lat(z.metrics),
        z.metricsDay ? lat(z.metricsDay) : '-',
        lat(z.page),
      ]),
    ),
  );
  const listing = table(
    [
      'database',
      'rows expected',
      'rows read',
      'status',
      'MB',
      'seconds',
      'rows/s',
      'RSS base MiB',
      'RSS peak MiB',
      'growth MiB',
    ],
    stores.map(({ database, listing: l }) => [
      database,
      l.rows,
      l.rowsRead,
      l.status,
      l.megabytes,
      l.seconds,
      l.rowsPerSecond,
      l.rssBaselineMiB,
      l.rssPeakMiB,
      l.rssGrowthMiB,
    ]),
  );
  const skipped = metricsApi
    .filter((s) => s.skipped)
    .map((s) => `\n\n**${s.database} skipped: ${s.skipped}**`)
    .join('');
  return `### Metrics API\n\n${sizes}\n\n### Listing everything (GET /completion_requests, no limit)\n\n${listing}${skipped}`;
}

function spoolTable(spool) {
  const rows = spool.map((s) => [
    s.mode,
    s.rps.on.join(' / '),
    s.rps.off.join(' / '),
    s.ratio,
    s.cpuUs.on.join(' / '),
    s.cpuUs.off.join(' / '),
    s.cpuRatio,
  ]);
  return `### Record spool (c=32, rounds alternating)\n\n${table(
    [
      'mode',
      'spool on req/s',
      'SPOOL_DIR=off req/s',
      'median on/off',
      'spool on CPU µs/req',
      'off CPU µs/req',
      'median on/off',
    ],
    rows,
  )}`;
}

/** The batch sizes a database refused, and why. */
const refusals = (refused) =>
  refused?.length
    ? ` (**refused ${refused.map((r) => `${r.batch}: ${r.reason}`).join('; ')}**)`
    : '';

function scaleTables(scale) {
  const stores = scale.filter((s) => !s.skipped);
  const seeds = table(
    [
      'database',
      'records',
      'seconds',
      'records/s committing',
      'rows per table',
      'file MiB',
    ],
    stores.map(({ database, seed }) => [
      `${database}, batches of ${seed.batch}${refusals(seed.refused)}`,
      seed.records,
      seed.wallSeconds,
      seed.recordsPerSecond,
      Object.entries(seed.tableRows)
        .map(([name, rows]) => `${name} ${rows}`)
        .join(', '),
      seed.fileMiB,
    ]),
  );
  const answered = (a) =>
    a?.status === 200
      ? [a.distinctValues, a.rows, a.requests].map(cell).join(' / ')
      : '';
  const queries = table(
    [
      'database',
      'query',
      'window',
      'median ms',
      'max ms',
      'n',
      '< 300 ms',
      'distinct / rows / requests',
    ],
    stores.flatMap((s) =>
      s.queries.map((q) => [
        s.database,
        q.held ? `**${q.name}**` : q.name,
        q.window,
        q.status === 200 ? q.p50Ms : `status ${q.status}`,
        q.p99Ms,
        q.count,
        verdict(q.status === 200 ? q.met : false),
        answered(q.answer),
      ]),
    ),
  );
  const skipped = scale
    .filter((s) => s.skipped)
    .map((s) => `\n\n**${s.database} skipped: ${s.skipped}**`)
    .join('');
  return `### Scale: seeded through the writer\n\n${seeds}\n\n### Scale: queries (warm, median)\n\n${queries}${skipped}`;
}

/** The statements of each figure over the target, slowest first, with their plans. */
function profiles(scale) {
  const parts = [];
  for (const store of scale.filter((s) => !s.skipped))
    for (const q of store.queries.filter((query) => query.profile)) {
      const p = q.profile;
      const slowest = p.slowest.map(
        (s) =>
          `-- ${s.ms} ms\n${s.sql.length > 700 ? `${s.sql.slice(0, 700)} …` : s.sql}\n-- plan:\n${s.plan.map((line) => `--   ${line}`).join('\n')}`,
      );
      parts.push(
        `**${store.database}, ${q.name} over ${q.window}**: one request ${p.requestMs} ms, ${p.statements} statements (${p.sqlMs} ms in all); the slowest:\n\n\`\`\`sql\n${slowest.join('\n\n')}\n\`\`\``,
      );
    }
  return parts.length
    ? `### Scale: where the time goes in the figures over 300 ms\n\n${parts.join('\n\n')}`
    : '';
}

function writerTable(writer) {
  if (writer.skipped)
    return `### Writer before/after\n\n**Not compared: ${writer.skipped}**`;
  const rows = writer.stores.map((s) =>
    s.skipped
      ? [s.database, `skipped: ${s.skipped}`]
      : [
          `${s.database}, batches of ${s.batch}${refusals(s.refused)}`,
          s.rps.before.join(' / '),
          s.rps.after.join(' / '),
          s.medianBefore,
          s.medianAfter,
          `${Math.round(s.ratio * 1000) / 10}%`,
          verdict(s.met),
          `${s.cpuUs.before.join(' / ')} → ${s.cpuUs.after.join(' / ')}`,
          `${Math.round(s.cpuRatio * 1000) / 10}%`,
        ],
  );
  return `### Writer before/after (rounds alternating; before: ${writer.baselineDist})\n\n${table(
    [
      'database',
      'before records/s',
      'after records/s',
      'median before',
      'median after',
      'median after/before',
      '>= 85%',
      'writer CPU µs/record before → after',
      'median CPU after/before',
    ],
    rows,
  )}`;
}

function markdown(report) {
  const m = report.machine;
  const parts = [
    `## Bench ${report.startedAt} (${report.durationSeconds} s)\n\n${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}; ` +
      `load average ${m.loadAverageAtStart.join(' ')} before the bench (other work sharing the ` +
      `machine), ${m.loadAverageAtEnd.join(' ')} at its end.`,
  ];
  if (report.error) parts.push(`**The bench failed: ${report.error}**`);
  parts.push(
    `### Targets\n\n${table(
      ['target', 'value', 'verdict'],
      report.targets.map((t) => [t.target, t.value, verdict(t.met)]),
    )}`,
  );
  if (report.proxy) parts.push(proxyTables(report.proxy));
  if (report.spool) parts.push(spoolTable(report.spool));
  if (report.metricsApi) parts.push(metricsTables(report.metricsApi));
  if (report.scale)
    parts.push(scaleTables(report.scale), profiles(report.scale));
  if (report.writer) parts.push(writerTable(report.writer));
  return parts.filter(Boolean).join('\n\n');
}

module.exports = { markdown };
