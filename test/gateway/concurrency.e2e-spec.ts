import { Agent, request } from 'node:http';
import { fakeHeaders } from '../fixtures/fake-openai-backend';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { recordsOf } from '../support/records';

const CLIENTS = 500;

/** One streamed chat completion over raw HTTP; resolves with the body once it has ended. */
function stream(url: string, agent: Agent, requestId: string): Promise<string> {
  const body = JSON.stringify({
    model: 'm',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  });
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-request-id': requestId,
          ...fakeHeaders({ chunks: 10, delayMs: 50 }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('gateway under 500 concurrent streaming clients', () => {
  let suite: GatewaySuite;

  beforeAll(async () => {
    suite = await startGatewaySuite();
  });

  afterAll(() => suite.close());

  it('completes every stream and records every one of them once', async () => {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const ids = Array.from({ length: CLIENTS }, (_, i) => `concurrent-${i}`);
    const bodies = await Promise.all(
      ids.map((id) => stream(suite.gateway.url, agent, id)),
    );
    agent.destroy();
    expect(
      bodies.filter((body) => body.endsWith('data: [DONE]\n\n')),
    ).toHaveLength(CLIENTS);
    expect(bodies.some((body) => body.includes('"usage"'))).toBe(false);
    const records = await recordsOf(suite.gateway);
    expect(records.map((r) => r.requestId).sort()).toEqual([...ids].sort());
    expect(records.every((r) => r.success && r.completionTokens === 10)).toBe(
      true,
    );
  }, 60_000);
});
