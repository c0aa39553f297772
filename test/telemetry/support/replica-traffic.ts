import OpenAI from 'openai';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/persistence';
import { collect } from '../../fixtures/fake-openai-client-helpers';

export const MODELS = ['llama3.2', 'qwen3', 'mistral'];
const messages = [{ role: 'user' as const, content: 'hello there' }];

/**
 * Through the official client, against one gateway: each model streamed and not, an
 * embedding, and failures of two types (a backend error and a rate limit).
 */
export async function driveReplica(baseUrl: string): Promise<number> {
  const client = new OpenAI({
    baseURL: `${baseUrl}/v1`,
    apiKey: 'sk-test',
    maxRetries: 0,
  });
  let sent = 0;
  for (const model of MODELS) {
    await client.chat.completions.create({ model, messages });
    // Chunks a few ms apart, so that every stream has a time per output token.
    await collect(
      await client.chat.completions.create(
        { model, messages, stream: true },
        { headers: { 'x-fake-delay-ms': '5' } },
      ),
    );
    sent += 2;
  }
  await client.embeddings.create({ model: 'nomic-embed', input: 'a b c' });
  await client.completions.create({ model: 'qwen3', prompt: 'once upon' });
  sent += 2;
  for (const status of ['500', '429']) {
    const headers = { 'x-fake-scenario': 'error', 'x-fake-status': status };
    await client.chat.completions
      .create({ model: 'mistral', messages }, { headers })
      .then(
        () => Promise.reject(new Error('expected a failure')),
        () => undefined,
      );
    sent++;
  }
  return sent;
}

export interface RecordedTotals {
  requests: number;
  input: number;
  output: number;
  errors: Record<string, number>;
}

/** What the database recorded, summed as the metrics should be. */
export async function recordedTotals(url: string): Promise<RecordedTotals> {
  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  try {
    const [totals] = await dataSource.query<
      { requests: number; input: number; output: number }[]
    >(
      'SELECT COUNT(*) AS requests, SUM(prompt_tokens) AS input, SUM(completion_tokens) AS output FROM request_records',
    );
    const errors = await dataSource.query<{ type: string; n: number }[]>(
      'SELECT error_type AS type, COUNT(*) AS n FROM request_records WHERE error_type IS NOT NULL GROUP BY error_type',
    );
    return {
      requests: Number(totals.requests),
      input: Number(totals.input),
      output: Number(totals.output),
      errors: Object.fromEntries(errors.map((e) => [e.type, Number(e.n)])),
    };
  } finally {
    await dataSource.destroy();
  }
}
