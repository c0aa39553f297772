import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ProcessGroup,
  freePort,
  waitForStatus,
} from '../../deploy/support/processes';

export const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
export const PROMTOOL = process.env.PROMTOOL_PATH ?? '/usr/bin/promtool';

export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * Debian's Prometheus as a process of the test's own: a free port, a config and a data
 * directory in a temporary folder, scraping `targets` every second and loading `rules`.
 */
export class PrometheusServer {
  url = '';
  private readonly dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'));

  constructor(private readonly processes: ProcessGroup) {}

  async start(targets: string[], rulesYaml: string): Promise<void> {
    const port = await freePort();
    writeFileSync(join(this.dir, 'rules.yml'), rulesYaml);
    writeFileSync(
      join(this.dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files: [rules.yml]',
        'scrape_configs:',
        '  - job_name: llm-gateway',
        `    static_configs: [{ targets: ${JSON.stringify(targets)} }]`,
        '',
      ].join('\n'),
    );
    const running = this.processes.start(
      'prometheus',
      [
        PROMETHEUS,
        `--config.file=${join(this.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      {},
      this.dir,
    );
    this.url = `http://127.0.0.1:${port}`;
    await waitForStatus(running, `${this.url}/-/ready`, 200, 60_000);
  }

  async query(expr: string): Promise<VectorSample[]> {
    const url = `${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`;
    const body = (await (await fetch(url)).json()) as {
      status: string;
      error?: string;
      data: { resultType: string; result: VectorSample[] };
    };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data.result;
  }

  /** The single value of a scalar-like query (an aggregation without `by`), or NaN. */
  async value(expr: string): Promise<number> {
    const [first] = await this.query(expr);
    return first ? Number(first.value[1]) : NaN;
  }

  /** Waits until `expr` has the value `expected` (Prometheus scrapes every second). */
  async waitFor(expr: string, expected: number, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let last = NaN;
    while (Date.now() < deadline) {
      last = await this.value(expr);
      if (last === expected) return;
      await delay(250);
    }
    throw new Error(`${expr} stayed at ${last}, expected ${expected}`);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
