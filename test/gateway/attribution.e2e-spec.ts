import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import OpenAI from 'openai';
import { DatabaseConnector } from '@app/persistence';
import { collect } from '../fixtures/fake-openai-client-helpers';
import { fakeHeaders, type FakeBackend } from '../fixtures/fake-openai-backend';
import { HELLO_MESSAGES as MESSAGES } from '../support/chat-requests';
import type { RunningGateway } from '../support/gateway-app';
import { startGatewaySuite, type GatewaySuite } from '../support/gateway-suite';
import { recordFor } from '../support/records';

const API_KEY = 'sk-attribution-key-93c1f0';
const HASH_SECRET = 'a-secret-of-sixteen-plus';
const KEY_ID = createHmac('sha256', HASH_SECRET)
  .update(API_KEY)
  .digest('hex')
  .slice(0, 16);
/** USD per million tokens, from the PRICES_FILE the suite writes. */
const PRICE = { input: 2, output: 10 };
const AUDIO_PRICE = { ...PRICE, input_audio: 40, output_audio: 80 };

describe('gateway: who sent a request and what it cost', () => {
  let suite: GatewaySuite;
  let backend: FakeBackend;
  let gateway: RunningGateway;
  let client: OpenAI;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'prices-'));
    const pricesFile = join(dir, 'prices.json');
    writeFileSync(
      pricesFile,
      JSON.stringify({ 'my-vllm-*': PRICE, 'my-audio-*': AUDIO_PRICE }),
    );
    suite = await startGatewaySuite({}, API_KEY, {
      PRICES_FILE: pricesFile,
      API_KEY_HASH_SECRET: HASH_SECRET,
    });
    ({ backend, gateway, client } = suite);
  });

  afterAll(async () => {
    await suite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => backend.reset());

  const tagsOf = async (requestId: string) => {
    const db = await gateway.app.get(DatabaseConnector).get();
    const rows = await db.query<{ name: string; value: string }[]>(
      'SELECT t.name, t.value FROM request_tags t JOIN request_records r ON r.id = t.record_id WHERE r.request_id = ?',
      [requestId],
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  };

  it('records the header user, the key id, the tags and the price, and forwards none of its own headers', async () => {
    await client.chat.completions.create(
      { model: 'my-vllm-7b', messages: MESSAGES, user: 'body-user' },
      {
        headers: {
          ...fakeHeaders({ completionTokens: 7 }),
          'x-request-id': 'attributed',
          'X-Gateway-User': 'alice@example.com',
          'X-Gateway-Tag-Team': 'search',
          'x-gateway-tag-env': 'prod',
          'x-gateway-tag-bad.name': 'dropped',
        },
      },
    );
    const record = await recordFor(gateway, 'attributed');
    expect(record).toMatchObject({
      user: 'alice@example.com',
      apiKeyId: KEY_ID,
      promptTokens: 20,
      completionTokens: 7,
      tokensEstimated: false,
    });
    expect(record.costUsd).toBeCloseTo(
      (20 * PRICE.input + 7 * PRICE.output) / 1e6,
      12,
    );
    await expect(tagsOf('attributed')).resolves.toEqual({
      team: 'search',
      env: 'prod',
    });
    const sent = Object.keys(backend.requests[0].headers);
    expect(sent.filter((name) => name.startsWith('x-gateway-'))).toEqual([]);
    expect(backend.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('takes the body user without the header, and prices a stream by its usage', async () => {
    await collect(
      await client.chat.completions.create(
        { model: 'my-vllm-7b', messages: MESSAGES, stream: true, user: 'bob' },
        {
          headers: {
            ...fakeHeaders({ completionTokens: 5 }),
            'x-request-id': 'body-user',
          },
        },
      ),
    );
    const record = await recordFor(gateway, 'body-user');
    expect(record.user).toBe('bob');
    expect(record.completionTokens).toBe(5);
    expect(record.costUsd).toBeCloseTo(
      (record.promptTokens! * PRICE.input + 5 * PRICE.output) / 1e6,
      12,
    );
    await expect(tagsOf('body-user')).resolves.toEqual({});
  });

  it('records the audio tokens of a chat answer and prices them at the audio rates, streamed or not', async () => {
    const options = (id: string) => ({
      headers: {
        ...fakeHeaders({
          promptTokens: 30,
          completionTokens: 12,
          audioTokens: 8,
        }),
        'x-request-id': id,
      },
    });
    await client.chat.completions.create(
      { model: 'my-audio-model', messages: MESSAGES },
      options('audio-json'),
    );
    await collect(
      await client.chat.completions.create(
        {
          model: 'my-audio-model',
          messages: MESSAGES,
          stream: true,
          stream_options: { include_usage: true },
        },
        options('audio-stream'),
      ),
    );
    // Without audio rates, audio is not priced at the text rate: the record is unpriced.
    await client.chat.completions.create(
      { model: 'my-vllm-7b', messages: MESSAGES },
      options('audio-no-rate'),
    );
    for (const id of ['audio-json', 'audio-stream']) {
      const record = await recordFor(gateway, id);
      expect(record).toMatchObject({
        promptTokens: 30,
        completionTokens: 12,
        promptAudioTokens: 8,
        completionAudioTokens: 8,
      });
      expect(record.costUsd).toBeCloseTo(
        (22 * PRICE.input + 8 * 40 + 4 * PRICE.output + 8 * 80) / 1e6,
        12,
      );
    }
    const textOnly = await recordFor(gateway, 'audio-no-rate');
    expect(textOnly.promptAudioTokens).toBe(8);
    expect(textOnly.costUsd).toBeNull();
  });

  it('prices by the model that answered when the one asked for has no price (an Azure deployment name)', async () => {
    const send = (requestId: string, model: string, responseModel: string) =>
      client.chat.completions.create(
        { model, messages: MESSAGES },
        {
          headers: {
            ...fakeHeaders({
              promptTokens: 100,
              completionTokens: 10,
              responseModel,
            }),
            'x-request-id': requestId,
          },
        },
      );
    await send('deployment', 'my-deployment', 'gpt-4.1-mini-2025-04-14');
    await send('operator-price', 'my-vllm-7b', 'gpt-4.1-mini-2025-04-14');
    const deployment = await recordFor(gateway, 'deployment');
    expect(deployment.responseModel).toBe('gpt-4.1-mini-2025-04-14');
    const expected = calcPrice(
      { input_tokens: 100, output_tokens: 10 },
      'gpt-4.1-mini-2025-04-14',
    )!.total_price;
    expect(expected).toBeGreaterThan(0);
    expect(deployment.costUsd).toBeCloseTo(expected, 12);
    // PRICES_FILE names the model asked for: the operator's price wins.
    const operator = await recordFor(gateway, 'operator-price');
    expect(operator.costUsd).toBeCloseTo(
      (100 * PRICE.input + 10 * PRICE.output) / 1e6,
      12,
    );
  });

  it('leaves a model without a price unpriced, never $0', async () => {
    await client.chat.completions.create(
      { model: 'nobody-prices-this-model', messages: MESSAGES },
      { headers: { 'x-request-id': 'unpriced' } },
    );
    const record = await recordFor(gateway, 'unpriced');
    expect(record.costUsd).toBeNull();
    expect(record.user).toBeNull();
  });

  it('tells the price table in use in /health details', async () => {
    const response = await fetch(`${gateway.url}/health`);
    const body = (await response.json()) as {
      details: { prices: { package: string; file: { path: string } } };
    };
    expect(body.details.prices.package).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.details.prices.file.path).toMatch(/prices\.json$/);
  });

  it('prices a model of the bundled table', async () => {
    await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: MESSAGES },
      { headers: { 'x-request-id': 'bundled' } },
    );
    const record = await recordFor(gateway, 'bundled');
    expect(record.costUsd).toBeGreaterThan(0);
  });
});

describe('gateway: RECORD_USER=false', () => {
  let suite: GatewaySuite;

  beforeAll(async () => {
    suite = await startGatewaySuite({}, API_KEY, { RECORD_USER: 'false' });
  });

  afterAll(() => suite.close());

  it('records no user from the header or the body, and still strips the header', async () => {
    const { client, gateway, backend } = suite;
    await client.chat.completions.create(
      { model: 'm', messages: MESSAGES, user: 'body-user' },
      { headers: { 'x-request-id': 'no-user', 'x-gateway-user': 'alice' } },
    );
    const record = await recordFor(gateway, 'no-user');
    expect(record.user).toBeNull();
    // Plain SHA-256 without API_KEY_HASH_SECRET.
    expect(record.apiKeyId).toBe(
      createHash('sha256').update(API_KEY).digest('hex').slice(0, 16),
    );
    expect(backend.requests[0].headers['x-gateway-user']).toBeUndefined();
  });
});
