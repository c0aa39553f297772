import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FIXTURE_KEYS,
  FIXTURE_NOW,
  FIXTURE_RECORDS,
} from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface Row {
  id: number;
  request_id: string;
  [field: string]: unknown;
}

/** The names file: the first fixture key has a name, the second none. */
const NAMES_FILE = join(
  mkdtempSync(join(tmpdir(), 'key-names-')),
  'names.yaml',
);
writeFileSync(NAMES_FILE, `"${FIXTURE_KEYS[0]}": search team\n`);

const NEWEST_FIRST = FIXTURE_RECORDS.map((r) => r.requestId).reverse();
const requestIds = (numbers: number[]) => numbers.map((n) => `req-${n}`);

/** FIXTURE_RECORDS[4] as the API shows it. */
const COMPLETIONS_RECORD = {
  timestamp: '2024-01-15T01:00:00.000Z',
  time_to_first_token_ms: 50,
  time_to_last_token_ms: 150,
  is_streaming: true,
  success: true,
  message_count: 2,
  prompt_tokens: 8,
  tokens: { total: 20, prompt: 8, completion: 12 },
  id: expect.any(Number) as number,
  endpoint: 'completions',
  model: 'gpt-3.5-turbo',
  origin: null,
  status_code: 200,
  finish_reason: 'stop',
  error_type: null,
  response_time_ms: 260,
  tokens_per_second: 60,
  tokens_estimated: false,
  request_id: 'req-5',
  prompt_text_tokens: null,
  prompt_audio_tokens: null,
  completion_text_tokens: null,
  completion_audio_tokens: null,
  user: 'bob',
  api_key_id: FIXTURE_KEYS[0],
  api_key_name: 'search team',
  tags: { team: 'search' },
  cost_usd: null,
  cost_estimated: false,
  cached_prompt_tokens: null,
  response_model: null,
};

/** FIXTURE_RECORDS[3]: a failed request, with nulls where nothing was measured. */
const RATE_LIMITED_RECORD = {
  timestamp: '2024-01-14T12:00:00.000Z',
  time_to_first_token_ms: null,
  time_to_last_token_ms: null,
  is_streaming: false,
  success: false,
  message_count: 1,
  prompt_tokens: null,
  tokens: { total: null, prompt: null, completion: null },
  id: expect.any(Number) as number,
  endpoint: 'chat.completions',
  model: 'gpt-4',
  origin: 'OpenAI/JS',
  status_code: 429,
  finish_reason: null,
  error_type: 'rate_limit',
  response_time_ms: 40,
  tokens_per_second: null,
  tokens_estimated: false,
  request_id: 'req-4',
  prompt_text_tokens: null,
  prompt_audio_tokens: null,
  completion_text_tokens: null,
  completion_audio_tokens: null,
  user: 'alice',
  api_key_id: FIXTURE_KEYS[1],
  api_key_name: null,
  tags: {},
  cost_usd: 0.004,
  cost_estimated: false,
  cached_prompt_tokens: null,
  response_model: null,
};

describeEachDatabase(
  'GET /completion_requests on %s',
  (_kind, createDatabase) => {
    const api = useMetricsApp(createDatabase, {
      records: FIXTURE_RECORDS,
      now: FIXTURE_NOW,
      environment: { API_KEY_NAMES: NAMES_FILE },
    });

    const list = async (query = '') => {
      const answer = await api.get<Row[]>(`/completion_requests${query}`);
      expect(answer.status).toBe(200);
      return answer;
    };
    const idsOf = async (query: string) =>
      (await list(query)).body.map((row) => row.request_id);

    it('returns the whole window as one JSON array, newest first', async () => {
      const { body, headers } = await list();
      expect(headers.get('content-type')).toMatch(/^application\/json/);
      expect(headers.get('link')).toBeNull();
      expect(body.map((row) => row.request_id)).toEqual(NEWEST_FIRST);
      expect(body.find((row) => row.request_id === 'req-5')).toEqual(
        COMPLETIONS_RECORD,
      );
      expect(body.find((row) => row.request_id === 'req-4')).toEqual(
        RATE_LIMITED_RECORD,
      );
    });

    it('answers an empty array for an empty window', async () => {
      await expect(idsOf('?start=2030-01-01')).resolves.toEqual([]);
      await expect(idsOf('?start=2030-01-01&limit=5')).resolves.toEqual([]);
    });

    it.each([
      ['start only', '?start=2024-01-15T01:00:00', [10, 9, 8, 7, 6, 5]],
      ['end only', '?end=2024-01-14T12:00:00Z', [3, 2, 1]],
      ['start and end', '?start=2024-01-14&end=2024-01-15T03:00', [6, 5, 4, 3]],
      ['an offset', '?end=2024-01-14T13:00:00%2B01:00', [3, 2, 1]],
    ])('filters by %s', async (_name, query, expected) => {
      await expect(idsOf(query)).resolves.toEqual(requestIds(expected));
    });

    it.each([
      ['model', '?model=gpt-4', [9, 8, 4, 2, 1]],
      ['model, case-sensitively', '?model=GPT-4', [7]],
      ['endpoint', '?endpoint=embeddings', [6]],
      ['success=true', '?success=true', [8, 6, 5, 3, 2, 1]],
      ['success=false', '?success=false', [10, 9, 7, 4]],
      ['model and success', '?model=gpt-4&success=false', [9, 4]],
      [
        'endpoint and model',
        '?endpoint=chat.completions&model=gpt-3.5-turbo',
        [10, 3],
      ],
      [
        'every filter with a window and a limit',
        '?start=2024-01-12&end=2024-01-15T05:00&model=gpt-4&endpoint=chat.completions&success=true&limit=10',
        [2],
      ],
      ['user', '?user=alice', [10, 7, 4, 1]],
      ['user, case-sensitively', '?user=Alice', []],
      ['API key id', `?api_key_id=${FIXTURE_KEYS[1]}`, [10, 8, 6, 4, 2]],
      ['a tag', '?tag=team:search', [9, 7, 5, 3, 1]],
      ['two tags, both matching', '?tag=team:search&tag=env:prod', [1]],
      ['a tag and a user', '?tag=team:search&user=alice&limit=5', [7, 1]],
    ])('filters by %s', async (_name, query, expected) => {
      await expect(idsOf(query)).resolves.toEqual(requestIds(expected));
    });

    it('pages through every row with the cursor in Link and X-Next-Before-Id', async () => {
      const pages: string[][] = [];
      let path: string | null = '/completion_requests?limit=3';
      while (path) {
        const { body, headers } = await list(path.slice(path.indexOf('?')));
        pages.push(body.map((row) => row.request_id));
        const next = headers.get('x-next-before-id');
        path =
          /^<([^>]+)>; rel="next"$/.exec(headers.get('link') ?? '')?.[1] ??
          null;
        if (path) expect(next).toBe(String(body[body.length - 1].id));
        else expect(next).toBeNull();
      }
      expect(pages).toEqual([
        requestIds([10, 9, 8]),
        requestIds([7, 6, 5]),
        requestIds([4, 3, 2]),
        requestIds([1]),
      ]);
    });

    it('keeps the filters in the next link and stops when a page is exactly the rest', async () => {
      const first = await list('?success=true&limit=3');
      const next = first.headers.get('link') ?? '';
      expect(next).toMatch(/success=true/);
      expect(next).toMatch(/limit=3/);
      const beforeId = first.headers.get('x-next-before-id');
      const second = await list(`?success=true&limit=3&before_id=${beforeId}`);
      expect(second.body.map((row) => row.request_id)).toEqual(
        requestIds([3, 2, 1]),
      );
      expect(second.headers.get('link')).toBeNull();
    });

    it('sends no cursor when the first page holds everything', async () => {
      const { body, headers } = await list('?limit=10');
      expect(body).toHaveLength(10);
      expect(headers.get('link')).toBeNull();
      expect(headers.get('x-next-before-id')).toBeNull();
    });

    it('streams everything after before_id when there is no limit', async () => {
      const [, second] = (await list('?limit=2')).body;
      await expect(idsOf(`?before_id=${second.id}`)).resolves.toEqual(
        requestIds([8, 7, 6, 5, 4, 3, 2, 1]),
      );
    });

    it('answers 400 naming before_id when it matches no request', async () => {
      const answer = await api.get<{ message: string[] }>(
        '/completion_requests?limit=5&before_id=999999',
      );
      expect(answer.status).toBe(400);
      expect(answer.body.message.join()).toMatch(/before_id/);
    });
  },
);
