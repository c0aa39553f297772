import OpenAI from 'openai';
import { fakeHeaders } from '../fixtures/fake-openai-backend';
import { useGatewayProcesses, type AppProcess } from '../support/app-process';
import { waitFor } from '../support/wait-for';

const SECRET_KEY = 'sk-request-log-secret-5e1a';

/** The JSON log lines a process printed with this message. */
function linesWith(app: AppProcess, msg: string): Record<string, unknown>[] {
  return app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}

describe('gateway process: one log line per proxied request', () => {
  const { start } = useGatewayProcesses();

  const chat = (gateway: AppProcess, requestId: string) =>
    new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: SECRET_KEY,
      maxRetries: 0,
    }).chat.completions.create(
      { model: 'log-model', messages: [{ role: 'user', content: 'hi' }] },
      {
        headers: {
          ...fakeHeaders({ promptTokens: 9, completionTokens: 4 }),
          'x-request-id': requestId,
          'x-forwarded-for': '203.0.113.9',
          'x-gateway-user': 'alice@example.com',
        },
      },
    );

  const lineOf = async (gateway: AppProcess, requestId: string) => {
    await waitFor(
      () =>
        linesWith(gateway, 'proxied').some((l) => l.requestId === requestId),
      5_000,
      `the log line of ${requestId}`,
    );
    return linesWith(gateway, 'proxied').find(
      (line) => line.requestId === requestId,
    )!;
  };

  it('has the fields the README lists, the forwarded client address from a trusted hop, and no secrets', async () => {
    const gateway = await start();
    await chat(gateway, 'log-default');
    const line = await lineOf(gateway, 'log-default');
    expect(line).toMatchObject({
      requestId: 'log-default',
      method: 'POST',
      path: '/v1/chat/completions',
      // The test connects over loopback, which TRUST_PROXY trusts by default.
      clientIp: '203.0.113.9',
      status: 200,
      model: 'log-model',
      streaming: false,
      success: true,
      errorType: null,
      promptTokens: 9,
      completionTokens: 4,
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line).toHaveProperty('timeToFirstTokenMs');
    expect(line).toHaveProperty('tokensPerSecond');
    for (const secret of [SECRET_KEY, 'alice@example.com'])
      expect(gateway.output()).not.toContain(secret);
  });

  it('logs the socket address, not the header, when TRUST_PROXY=false', async () => {
    const gateway = await start({ TRUST_PROXY: 'false' });
    await chat(gateway, 'log-untrusted');
    const line = await lineOf(gateway, 'log-untrusted');
    expect(line.clientIp).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it('refuses to start on a TRUST_PROXY entry Express would fail on, naming it', async () => {
    await expect(start({ TRUST_PROXY: 'proxy.internal' })).rejects.toThrow(
      /TRUST_PROXY must be .*"proxy\.internal"/,
    );
  });
});
