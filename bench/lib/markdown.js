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

function proxyTables(proxy) {
  const runs = table(
    [
      'mode',
      'c',
      'target',
      'req/s',
      '% of bare',
      'p50 ms',
      'p99 ms',
      '+p50 ms',
      '+p99 ms',
      'CPU µs/req',
      'CPU × bare',
      'metrics cost %',
      'RSS MiB',
      'non-2xx/err/incomplete',
    ],
    proxy.runs.map((r) => [
      r.mode,
      r.connections,
      r.target,
      r.rps,
      r.pctOfBare,
      r.p50Ms,
      r.p99Ms,
      r.addedP50Ms,
      r.addedP99Ms,
      r.cpuUsPerRequest,
      r.cpuVsBare,
      r.metricsCostPct,
      r.rssMiB,
      `${r.non2xx}/${r.errors + r.timeouts}/${r.incomplete}`,
    ]),
  );
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
    '+p50/+p99: over calling the backend directly. CPU µs/req: CPU time of the serving process ' +
      '(the fake backend for direct) per request, which other load on the machine barely moves.',
    `RSS at idle after start: backend ${idle.backend} MiB, bare proxy ${idle.bare} MiB, gateway ${idle.gateway} MiB (${idle.plain} MiB with PROMETHEUS_ENABLED=false).`,
    'metrics cost %: req/s the gateway loses to its instrumentation, against gateway-no-metrics ' +
      '(the same gateway with PROMETHEUS_ENABLED=false) in the same run.',
    `### Slow streams\n\n${streams}`,
    `Gateway recorded ${rec.rowsWritten} rows (${JSON.stringify(rec.rowsByKind)}) for ${rec.forwarded} requests it forwarded.`,
  ].join('\n\n');
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
  return parts.join('\n\n');
}

module.exports = { markdown };
