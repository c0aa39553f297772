import { InFlightRequests } from '../../apps/gateway/src/proxy/in-flight-requests';
import { fakeHeaders } from '../fixtures/fake-openai-backend';
import type { RunningGateway } from '../support/gateway-app';
import { useGatewaySuite } from '../support/gateway-suite-hooks';
import { openRawRequest } from '../support/raw-http';
import { recordsOf } from '../support/records';
import { MESSAGES } from '../support/secret-chat';

const MAX_BODY_BYTES = 2048;

describe("gateway: a request's owner", () => {
  let gateway: RunningGateway;

  useGatewaySuite((suite) => ({ gateway } = suite), {
    maxBodyBytes: MAX_BODY_BYTES,
  });

  it('is in flight until its response closes, and has handed its record over by then', async () => {
    const inFlight = gateway.app.get(InFlightRequests);
    const { request, response } = await openRawRequest(gateway.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'owner-cut',
        ...fakeHeaders({ chunks: 10, delayMs: 200 }),
      },
      body: Buffer.from(
        JSON.stringify({ model: 'm', messages: MESSAGES, stream: true }),
      ),
    });
    // Not a for-await loop, whose break would close the connection itself.
    await new Promise((resolve) => response.once('data', resolve));
    expect(inFlight.size).toBe(1);
    let settled = false;
    const settling = inFlight.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);

    request.destroy();
    await settling;
    expect(inFlight.size).toBe(0);
    // No polling: the record reached the writer when the response closed.
    const records = await recordsOf(gateway);
    expect(records.find((r) => r.requestId === 'owner-cut')).toMatchObject({
      success: false,
      isStreaming: true,
      errorType: 'client_disconnected',
    });
  });

  it('settles at once when nothing is in flight', async () => {
    await expect(
      gateway.app.get(InFlightRequests).settled(),
    ).resolves.toBeUndefined();
  });

  it("tags the gateway's own answer to a failure with the request id", async () => {
    const body = JSON.stringify({
      model: 'm',
      messages: MESSAGES,
      padding: 'x'.repeat(2 * MAX_BODY_BYTES),
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-request-id': 'owner-too-large' },
      body,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-request-id')).toBe('owner-too-large');
    expect(response.headers.get('connection')).toBe('close');
    await expect(response.json()).resolves.toMatchObject({
      error: { type: 'invalid_request_error', code: 'request_too_large' },
    });
  });
});
