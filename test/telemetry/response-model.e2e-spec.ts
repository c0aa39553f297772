import { collect } from '../fixtures/fake-openai-client-helpers';
import { fakeHeaders } from '../fixtures/fake-openai-backend';
import { HELLO_MESSAGES as messages } from '../support/chat-requests';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import {
  startMetricsApp,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { scrape, sumOf } from '../support/prometheus-text';
import { recordFor } from '../support/records';

const ASKED = 'gpt-4o';
const ANSWERED = 'gpt-4o-2024-08-06';
const PROVIDER = 'azure.ai.openai';

/** Asks for `ASKED`; the backend answers naming `ANSWERED` (unless it fails). */
const answeredAs = (requestId: string, model = ANSWERED) => ({
  headers: {
    ...fakeHeaders({ responseModel: model }),
    'x-request-id': requestId,
  },
});

interface Listed {
  request_id: string;
  model: string | null;
  response_model: string | null;
}

describe('the model the backend names in its answer', () => {
  let suite: GatewaySuite;
  let metrics: RunningMetricsApp;

  beforeAll(async () => {
    suite = await startGatewaySuite({}, 'sk-test', {
      GEN_AI_PROVIDER_NAME: PROVIDER,
    });
    metrics = await startMetricsApp({ databaseUrl: suite.database.url });
    const { client } = suite;
    await client.chat.completions.create(
      { model: ASKED, messages },
      answeredAs('json'),
    );
    await collect(
      await client.chat.completions.create(
        { model: ASKED, messages, stream: true },
        answeredAs('stream'),
      ),
    );
    await collect(
      await client.responses.create(
        { model: 'o3', input: 'hello', stream: true },
        answeredAs('responses', 'o3-2025-04-16'),
      ),
    );
    await expect(
      client.chat.completions.create(
        { model: ASKED, messages },
        { headers: { 'x-fake-scenario': 'error', 'x-request-id': 'failed' } },
      ),
    ).rejects.toThrow();
  });

  afterAll(async () => {
    await metrics?.close();
    await suite?.close();
  });

  it('is recorded beside the model asked for, streamed or not', async () => {
    const answered = async (requestId: string) => {
      const record = await recordFor(suite.gateway, requestId);
      return [record.model, record.responseModel];
    };
    await expect(answered('json')).resolves.toEqual([ASKED, ANSWERED]);
    await expect(answered('stream')).resolves.toEqual([ASKED, ANSWERED]);
    await expect(answered('responses')).resolves.toEqual([
      'o3',
      'o3-2025-04-16',
    ]);
    // An error body names no model.
    await expect(answered('failed')).resolves.toEqual([ASKED, null]);
  });

  it('is listed by /completion_requests as response_model', async () => {
    await suite.gateway.writer.flush();
    const { status, body } = await metrics.get<Listed[]>(
      '/completion_requests?start=2020-01-01',
    );
    expect(status).toBe(200);
    const byId = Object.fromEntries(
      body.map((r) => [r.request_id, [r.model, r.response_model]]),
    );
    expect(byId).toEqual({
      json: [ASKED, ANSWERED],
      stream: [ASKED, ANSWERED],
      responses: ['o3', 'o3-2025-04-16'],
      failed: [ASKED, null],
    });
  });

  it('labels the GenAI metrics with it and with the provider', async () => {
    const { samples } = await scrape(suite.gateway.metricsUrl as string);
    const requests = (labels: Record<string, string>) =>
      sumOf(samples, 'llm_gateway_requests_total', labels);
    expect(
      requests({
        gen_ai_request_model: ASKED,
        gen_ai_response_model: ANSWERED,
      }),
    ).toBe(2);
    expect(requests({ gen_ai_response_model: 'o3-2025-04-16' })).toBe(1);
    expect(requests({ gen_ai_provider_name: PROVIDER })).toBe(4);
    expect(
      sumOf(samples, 'gen_ai_server_time_to_first_token_seconds_count', {
        gen_ai_response_model: ANSWERED,
      }),
    ).toBe(1);
    const failed = samples.filter(
      (s) =>
        s.name === 'llm_gateway_requests_total' &&
        s.labels.error_type !== undefined,
    );
    expect(failed.map((s) => s.labels.gen_ai_response_model)).toEqual([
      undefined,
    ]);
  });
});
