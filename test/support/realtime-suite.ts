import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import type { RequestRecordEntity } from '@app/persistence';
import type { GatewayConfig } from '../../apps/gateway/src/config/gateway.config';
import {
  startFakeRealtimeBackend,
  type FakeRealtimeBackend,
  type FakeRealtimeOptions,
} from '../fixtures/fake-realtime-backend';
import { startGateway, type RunningGateway } from './gateway-app';
import { recordsOf } from './records';
import { testDatabases, type TestDatabase } from './test-databases';

/** A fake Realtime backend, a fresh SQLite database and a gateway between them. */
export interface RealtimeSuite {
  backend: FakeRealtimeBackend;
  database: TestDatabase;
  gateway: RunningGateway;
  /** `ws://127.0.0.1:<port>` of the gateway. */
  wsUrl: string;
  close(): Promise<void>;
}

export async function startRealtimeSuite(
  settings: Partial<GatewayConfig> = {},
  backendOptions: FakeRealtimeOptions = {},
): Promise<RealtimeSuite> {
  const backend = await startFakeRealtimeBackend(backendOptions);
  const database = await testDatabases()[0][1]();
  const gateway = await startGateway(
    { ...settings, backendUrl: backend.url },
    { url: database.url },
  );
  return {
    backend,
    database,
    gateway,
    wsUrl: gateway.url.replace(/^http/, 'ws'),
    close: async () => {
      await gateway.close();
      await backend.close();
      await database.drop();
    },
  };
}

interface RealtimeServerEvent {
  type: string;
  [key: string]: unknown;
}

/** A real `ws` client that keeps every event it receives, in order. */
export class RealtimeTestClient {
  readonly events: RealtimeServerEvent[] = [];
  readonly messages: { data: Buffer; binary: boolean }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  upgrade: IncomingMessage | null = null;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('upgrade', (res) => (this.upgrade = res));
    socket.on('message', (data: Buffer, binary) => {
      this.messages.push({ data, binary });
      if (!binary)
        this.events.push(JSON.parse(data.toString()) as RealtimeServerEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) =>
        resolve({ code, reason: reason.toString() }),
      ),
    );
  }

  static open(
    url: string,
    options: ClientOptions = {},
    protocols: string[] = [],
  ): Promise<RealtimeTestClient> {
    const client = new RealtimeTestClient(
      new WebSocket(url, protocols, options),
    );
    return new Promise((resolve, reject) => {
      client.socket.once('open', () => resolve(client));
      client.socket.once('error', reject);
    });
  }

  send(event: object): void {
    this.socket.send(JSON.stringify(event));
  }

  /** Resolves once `count` events of this type have arrived. */
  async waitFor(type: string, count = 1, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.filter((e) => e.type === type).length < count) {
      if (Date.now() > deadline) throw new Error(`no ${count} × ${type}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}

/** The records of one session (its X-Request-Id), waiting until `count` are there. */
export async function sessionRecords(
  gateway: RunningGateway,
  requestId: string,
  count: number,
  timeoutMs = 3_000,
): Promise<RequestRecordEntity[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = (await recordsOf(gateway)).filter(
      (r) => r.requestId === requestId,
    );
    if (records.length >= count || Date.now() > deadline) return records;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits for a condition that other connections make true, such as a socket closing. */
export async function eventually(
  check: () => boolean,
  timeoutMs = 3_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
