import OpenAI from 'openai';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, RequestRecordEntity } from '@app/persistence';
import { fakeHeaders } from '../fixtures/fake-openai-backend';
import { useGatewayProcesses, type AppProcess } from '../support/app-process';
import { waitFor } from '../support/wait-for';

const STREAMS = 5;
const GRACE_MS = 1_000;
/** Each stream would run for 30 s: the grace, not the streams, must end the drain. */
const STREAM = { chunks: 100, delayMs: 300 };
/** The grace, the writer's flush and the exit take a second or two: room for much more. */
const LATEST_EXIT_MS = 15_000;

async function recordsIn(url: string): Promise<RequestRecordEntity[]> {
  const dataSource = await new DataSource(
    buildDataSourceOptions(url),
  ).initialize();
  try {
    return await dataSource.getRepository(RequestRecordEntity).find();
  } finally {
    await dataSource.destroy();
  }
}

describe('gateway process on SIGTERM when the grace runs out', () => {
  const processes = useGatewayProcesses();
  let gateway: AppProcess;

  it('cuts the requests still running, records them as client_disconnected, exits 0', async () => {
    gateway = await processes.start({
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
    });
    const client = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'sk-x',
      maxRetries: 0,
    });
    let begun = 0;
    const streams = Array.from({ length: STREAMS }, async (_, i) => {
      const stream = await client.chat.completions.create(
        {
          model: 'm',
          messages: [{ role: 'user', content: 'hi' }],
          stream: true,
        },
        {
          headers: { ...fakeHeaders(STREAM), 'x-request-id': `cut-${i}` },
        },
      );
      begun++;
      for await (const chunk of stream) void chunk;
    });
    const outcomes = Promise.allSettled(streams);
    await waitFor(() => begun === STREAMS, 20_000, 'every stream begun');
    const signalledAt = performance.now();
    gateway.child.kill('SIGTERM');
    await expect(gateway.exited).resolves.toBe(0);
    // Well before the streams would have ended (30 s), however loaded the machine.
    expect(performance.now() - signalledAt).toBeLessThan(LATEST_EXIT_MS);
    expect(performance.now() - signalledAt).toBeGreaterThanOrEqual(GRACE_MS);
    const settled = await outcomes;
    expect(settled.map((outcome) => outcome.status)).toEqual(
      Array(STREAMS).fill('rejected'),
    );
    expect(gateway.output()).toContain('grace period over');
    const records = await recordsIn(processes.database.url);
    expect(
      records.map((r) => [r.requestId, r.success, r.errorType]).sort(),
    ).toEqual(
      Array.from({ length: STREAMS }, (_, i) => [
        `cut-${i}`,
        false,
        'client_disconnected',
      ]).sort(),
    );
    await waitFor(
      () => processes.backend.requests.every((r) => r.aborted),
      5_000,
    );
  }, 90_000);
});
