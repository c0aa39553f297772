import { parseResponseBody } from './response-body-parser';

const body = (value: object): Buffer => Buffer.from(JSON.stringify(value));

describe('parseResponseBody', () => {
  it('reads a chat completion', () => {
    const parsed = parseResponseBody(
      'chat.completions',
      body({
        object: 'chat.completion',
        model: 'gpt-4o-2024-08-06',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'héllo 👋' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
      }),
    );

    expect(parsed).toEqual({
      usage: {
        promptTokens: 12,
        completionTokens: 3,
        totalTokens: 15,
        cachedPromptTokens: null,
      },
      finishReason: 'stop',
      generatedText: 'héllo 👋',
      error: null,
      model: 'gpt-4o-2024-08-06',
    });
  });

  it('collects tool calls, reasoning and text parts of every choice', () => {
    const call = { id: 'c', type: 'function', function: { arguments: '{}' } };
    const parsed = parseResponseBody(
      'chat.completions',
      body({
        choices: [
          {
            index: 1,
            message: { content: [{ type: 'text', text: 'B' }] },
            finish_reason: 'stop',
          },
          {
            index: 0,
            message: {
              reasoning_content: 'R',
              content: null,
              tool_calls: [call],
            },
            finish_reason: 'tool_calls',
          },
        ],
      }),
    );

    expect(parsed?.finishReason).toBe('tool_calls');
    expect(parsed?.generatedText).toBe('BR{}');
    expect(parsed?.usage).toBeNull();
  });

  it('reads a legacy completion', () => {
    const parsed = parseResponseBody(
      'completions',
      body({
        choices: [{ index: 0, text: 'Once upon', finish_reason: 'length' }],
        usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
      }),
    );

    expect(parsed).toMatchObject({
      finishReason: 'length',
      generatedText: 'Once upon',
      usage: { totalTokens: 4 },
    });
  });

  it('reads embeddings usage without completion tokens', () => {
    const parsed = parseResponseBody(
      'embeddings',
      body({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
        usage: { prompt_tokens: 5, total_tokens: 5 },
      }),
    );

    expect(parsed).toEqual({
      usage: {
        promptTokens: 5,
        completionTokens: null,
        totalTokens: 5,
        cachedPromptTokens: null,
      },
      finishReason: null,
      generatedText: '',
      error: null,
      model: null,
    });
  });

  it('reads a responses API response', () => {
    const parsed = parseResponseBody(
      'responses',
      body({
        object: 'response',
        model: 'o3-2025-04-16',
        status: 'incomplete',
        incomplete_details: { reason: 'max_output_tokens' },
        output: [
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'S' }] },
          {
            type: 'message',
            content: [{ type: 'output_text', text: 'Hi', annotations: [] }],
          },
          { type: 'function_call', name: 'f', arguments: '{"a":1}' },
        ],
        usage: { input_tokens: 8, output_tokens: 4, total_tokens: 12 },
      }),
    );

    expect(parsed).toEqual({
      usage: {
        promptTokens: 8,
        completionTokens: 4,
        totalTokens: 12,
        cachedPromptTokens: null,
      },
      finishReason: 'max_output_tokens',
      generatedText: 'SHi{"a":1}',
      error: null,
      model: 'o3-2025-04-16',
    });
  });

  it('uses the status of a responses API response without details', () => {
    const parsed = parseResponseBody(
      'responses',
      body({ status: 'completed', incomplete_details: null, output: [] }),
    );

    expect(parsed?.finishReason).toBe('completed');
  });

  it.each([
    [
      'OpenAI',
      { error: { message: 'bad', type: 'invalid_request_error', code: null } },
      { code: null, type: 'invalid_request_error', message: 'bad' },
    ],
    [
      'vLLM',
      {
        object: 'error',
        message: 'too long',
        type: 'BadRequestError',
        code: 400,
      },
      { code: '400', type: 'BadRequestError', message: 'too long' },
    ],
    ['plain', { error: 'nope' }, { code: null, type: null, message: 'nope' }],
  ])('reads an %s error body', (_, value, expected) => {
    expect(parseResponseBody('chat.completions', body(value))?.error).toEqual(
      expected,
    );
  });

  it('accepts a leading BOM', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      body({ choices: [] }),
    ]);

    expect(parseResponseBody('chat.completions', bytes)).not.toBeNull();
  });

  it.each(['', 'not json', '[1,2]', 'null', '"text"', '{"a":'])(
    'returns null for %j',
    (text) => {
      expect(
        parseResponseBody('chat.completions', Buffer.from(text)),
      ).toBeNull();
    },
  );
});
