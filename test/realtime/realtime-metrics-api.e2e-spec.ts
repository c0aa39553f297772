import type { RequestRecordInput } from '@app/persistence';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

const base: RequestRecordInput = {
  timestamp: new Date('2024-03-01T10:00:00.000Z'),
  endpoint: 'chat.completions',
  model: 'gpt-4o',
  origin: null,
  isStreaming: true,
  success: true,
  statusCode: 200,
  errorType: null,
  errorMessage: null,
  finishReason: 'stop',
  messageCount: 1,
  promptTokens: 10,
  completionTokens: 5,
  totalTokens: 15,
  tokensEstimated: false,
  timeToFirstTokenMs: 10,
  timeToLastTokenMs: 20,
  responseTimeMs: 30,
  tokensPerSecond: 500,
  requestId: 'chat-1',
  user: null,
  apiKeyId: null,
  cachedPromptTokens: null,
  costUsd: null,
  tags: {},
};

const realtime: RequestRecordInput = {
  ...base,
  timestamp: new Date('2024-03-01T10:00:01.000Z'),
  endpoint: 'realtime',
  model: 'gpt-realtime',
  statusCode: 101,
  finishReason: 'completed',
  messageCount: null,
  promptTokens: 100,
  completionTokens: 50,
  totalTokens: 150,
  promptTextTokens: 20,
  promptAudioTokens: 80,
  completionTextTokens: 10,
  completionAudioTokens: 40,
  requestId: 'rt-1',
};

describeEachDatabase(
  'Realtime records in the metrics API on %s',
  (_kind, db) => {
    const api = useMetricsApp(db, { records: [base, realtime] });

    it('lists realtime records by endpoint, with the audio and text split beside the totals', async () => {
      const answer = await api.get<Record<string, unknown>[]>(
        '/completion_requests?endpoint=realtime',
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(1);
      expect(answer.body[0]).toMatchObject({
        endpoint: 'realtime',
        model: 'gpt-realtime',
        status_code: 101,
        prompt_tokens: 100,
        tokens: { total: 150, prompt: 100, completion: 50 },
        prompt_text_tokens: 20,
        prompt_audio_tokens: 80,
        completion_text_tokens: 10,
        completion_audio_tokens: 40,
      });
    });

    it('answers null for the split where the backend did not report it', async () => {
      const answer = await api.get<Record<string, unknown>[]>(
        '/completion_requests?endpoint=chat.completions',
      );
      expect(answer.body[0]).toMatchObject({
        request_id: 'chat-1',
        prompt_text_tokens: null,
        prompt_audio_tokens: null,
        completion_text_tokens: null,
        completion_audio_tokens: null,
      });
    });

    it('counts realtime responses in /metrics like any request', async () => {
      const answer = await api.get<Record<string, unknown>>('/metrics');
      expect(answer.body).toMatchObject({
        total_requests: 2,
        total_tokens_used: 165,
        top_models: expect.arrayContaining([
          { model: 'gpt-realtime', count: 1 },
        ]) as unknown,
      });
    });
  },
);
