import Database from 'better-sqlite3';
import { drainAndClose } from '../../apps/gateway/src/shutdown';
import {
  RealtimeTestClient,
  startRealtimeSuite,
  type RealtimeSuite,
} from '../support/realtime-suite';

describe('Realtime sessions at shutdown', () => {
  let suite: RealtimeSuite;
  const open = (requestId: string) =>
    RealtimeTestClient.open(`${suite.wsUrl}/v1/realtime?model=m`, {
      headers: { 'x-request-id': requestId },
    });

  beforeEach(async () => {
    suite = await startRealtimeSuite({ shutdownGraceMs: 800 });
  });
  afterEach(async () => {
    await suite.backend.close();
    await suite.database.drop();
  });

  it('lets sessions run during the grace period, then closes them with 1001', async () => {
    const working = await open('rt-drain-working');
    const stuck = await open('rt-drain-stuck');
    await Promise.all(
      [working, stuck].map((c) => c.waitFor('session.created')),
    );
    const started = Date.now();
    const drained = drainAndClose(suite.gateway.app);
    await new Promise((resolve) => setTimeout(resolve, 100));
    working.send({ type: 'response.create', response: {} });
    await working.waitFor('response.done');
    stuck.send({
      type: 'response.create',
      response: {
        metadata: { end: 'hang', text_deltas: '1', audio_deltas: '0' },
      },
    });
    await stuck.waitFor('response.output_text.delta');
    await expect(stuck.closed).resolves.toEqual({
      code: 1001,
      reason: 'gateway shutting down',
    });
    await expect(working.closed).resolves.toMatchObject({ code: 1001 });
    const closedAfter = Date.now() - started;
    expect(closedAfter).toBeGreaterThanOrEqual(750);
    expect(closedAfter).toBeLessThan(1_500);
    await drained;
    expect(Date.now() - started).toBeLessThan(1_500);
    const backendSides = suite.backend.connections.map((c) => c.closed?.code);
    expect(backendSides).toEqual([1001, 1001]);
    // The app flushed its records as it closed: read them from the file.
    const db = new Database(suite.database.url.replace(/^sqlite:/, ''));
    const rows = db
      .prepare(
        'SELECT request_id, success, error_type, error_message FROM request_records ORDER BY id',
      )
      .all();
    db.close();
    expect(rows).toEqual([
      {
        request_id: 'rt-drain-working',
        success: 1,
        error_type: null,
        error_message: null,
      },
      {
        request_id: 'rt-drain-stuck',
        success: 0,
        error_type: 'client_disconnected',
        error_message: 'the gateway shut down the session (1001)',
      },
    ]);
  });

  it('finishes as soon as the last session ends', async () => {
    const client = await open('rt-drain-leaving');
    await client.waitFor('session.created');
    const started = Date.now();
    const drained = drainAndClose(suite.gateway.app);
    setTimeout(() => client.socket.close(1000), 100);
    await drained;
    await expect(client.closed).resolves.toMatchObject({ code: 1000 });
    expect(Date.now() - started).toBeLessThan(600);
  });
});
