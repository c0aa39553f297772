import OpenAI from 'openai';
import {
  fakeHeaders,
  startFakeBackend,
  type FakeBackend,
} from '../fixtures/fake-openai-backend';
import { startGateway, type RunningGateway } from '../support/gateway-app';
import { recordFor } from '../support/records';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: 'user', content: 'Say hello.' },
];

describeEachDatabase(
  'a backend reporting usage no column holds, on %s',
  (_kind, create) => {
    let backend: FakeBackend;
    let database: TestDatabase;
    let gateway: RunningGateway;
    let client: OpenAI;

    beforeAll(async () => {
      backend = await startFakeBackend();
      database = await create();
      gateway = await startGateway({ backendUrl: backend.url }, database);
      client = new OpenAI({
        baseURL: `${gateway.url}/v1`,
        apiKey: 'sk-test',
        maxRetries: 0,
      });
    });

    afterAll(async () => {
      await gateway?.close();
      await database?.drop();
      await backend?.close();
    });

    it('records the request with its tokens estimated, and goes on recording', async () => {
      const ask = (id: string, promptTokens?: number) =>
        client.chat.completions.create(
          { model: 'gpt-4o-mini', messages: MESSAGES },
          { headers: { 'x-request-id': id, ...fakeHeaders({ promptTokens }) } },
        );
      // Past an INT column: a database that refused it would hold up every record after it.
      const answer = await ask('too-many', 10_000_000_000);
      expect(answer.usage?.prompt_tokens).toBe(10_000_000_000);
      await ask('after');

      const odd = await recordFor(gateway, 'too-many');
      // Without the prompt's count or the total, the gateway counts both itself.
      expect(odd).toMatchObject({ success: true, tokensEstimated: true });
      for (const tokens of [odd.promptTokens, odd.completionTokens]) {
        expect(tokens).toBeGreaterThan(0);
        expect(tokens).toBeLessThan(100);
      }
      await expect(recordFor(gateway, 'after')).resolves.toMatchObject({
        success: true,
        tokensEstimated: false,
      });
    });
  },
);
