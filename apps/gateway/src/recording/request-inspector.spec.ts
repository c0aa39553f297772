import { inspectRequest, withIncludeUsage } from './request-inspector';

const json = (value: object): Buffer => Buffer.from(JSON.stringify(value));

describe('inspectRequest', () => {
  it('reads a streaming chat request', () => {
    const info = inspectRequest(
      'chat.completions',
      json({
        model: 'gpt-4o-mini',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:...' } },
            ],
          },
          {
            role: 'assistant',
            tool_calls: [{ function: { arguments: '{}' } }],
          },
        ],
      }),
    );

    expect(info).toMatchObject({
      json: true,
      model: 'gpt-4o-mini',
      stream: true,
      includeUsage: true,
      hasStreamOptions: true,
      messageCount: 3,
    });
    expect(info.promptText()).toBe('Be brief.\nWhat is this?\n{}');
  });

  it("reads the body's user, else its safety_identifier, in the same parse", () => {
    const user = (body: object) =>
      inspectRequest('chat.completions', json(body)).user;
    expect(user({ user: 'u1', safety_identifier: 's1' })).toBe('u1');
    expect(user({ user: '', safety_identifier: 's1' })).toBe('s1');
    expect(user({ user: 42 })).toBeNull();
    expect(
      inspectRequest('responses', Buffer.from('not json')).user,
    ).toBeNull();
  });

  it('does not treat a truthy non-boolean as a streaming request', () => {
    const info = inspectRequest(
      'chat.completions',
      json({ model: 7, stream: 'yes', stream_options: { include_usage: 1 } }),
    );

    expect(info).toMatchObject({
      json: true,
      model: null,
      stream: false,
      includeUsage: false,
      hasStreamOptions: true,
      messageCount: null,
    });
  });

  it.each([
    ['a string input', { input: 'hi', instructions: 'sys' }, 1, 'sys\nhi'],
    [
      'input items',
      {
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'a' }] },
          { type: 'function_call_output', call_id: 'c', output: 'b' },
        ],
      },
      2,
      'a\nb',
    ],
  ])('reads a responses request with %s', (_, body, count, text) => {
    const info = inspectRequest('responses', json(body));

    expect(info.messageCount).toBe(count);
    expect(info.promptText()).toBe(text);
  });

  it.each([
    ['completions', { prompt: 'once' }, 1, 'once'],
    ['completions', { prompt: ['a', 'b', 'c'] }, 3, 'a\nb\nc'],
    ['completions', { prompt: [1, 2, 3] }, 1, ''],
    ['completions', { prompt: [[1], [2]] }, 2, ''],
    ['embeddings', { input: 'x' }, 1, 'x'],
    ['embeddings', { input: ['x', 'y'] }, 2, 'x\ny'],
    ['embeddings', { input: [5, 6] }, 1, ''],
    ['embeddings', {}, null, ''],
  ] as const)('counts %s inputs in %j', (endpoint, body, count, text) => {
    const info = inspectRequest(endpoint, json(body));

    expect(info.messageCount).toBe(count);
    expect(info.promptText()).toBe(text);
  });

  it.each(['', 'not json', '[{"model":"m"}]', 'null', '{"model":'])(
    'reports %j as not JSON without throwing',
    (text) => {
      const info = inspectRequest('chat.completions', Buffer.from(text));

      expect(info).toMatchObject({
        json: false,
        model: null,
        stream: false,
        includeUsage: false,
        hasStreamOptions: false,
        messageCount: null,
      });
      expect(info.promptText()).toBe('');
    },
  );
});

describe('withIncludeUsage', () => {
  const INSERTED = '"stream_options":{"include_usage":true}';

  function rewrite(text: string): string {
    const body = Buffer.from(text);
    return withIncludeUsage(
      body,
      inspectRequest('chat.completions', body),
    ).toString('utf8');
  }

  it.each([
    '{"stream":true,"model":"m","messages":[]}',
    ' \r\n\t{ "messages" : [ {"content":"caf\\u00e9 \\"x\\""} ] ,\n"stream":true }',
    '\ufeff{"stream":true}',
    '{\n  "model": "m",\n  "stream": true\n}\n',
  ])('splices the option into %j and keeps every other byte', (text) => {
    const result = rewrite(text);
    const brace = text.indexOf('{') + 1;

    expect(result).toBe(
      `${text.slice(0, brace)}${INSERTED},${text.slice(brace)}`,
    );
    expect(JSON.parse(result.replace(/^\ufeff/, ''))).toEqual({
      ...JSON.parse(text.replace(/^\ufeff/, '')),
      stream_options: { include_usage: true },
    });
  });

  it('produces no trailing comma for an empty object', () => {
    const body = Buffer.from('{ \n}');
    const info = { ...inspectRequest('chat.completions', body), stream: true };

    expect(withIncludeUsage(body, info).toString()).toBe(`{${INSERTED} \n}`);
  });

  it.each([
    [{ include_usage: false, continuous_usage_stats: true }],
    [null],
    [{}],
  ])('re-serialises when stream_options is %j', (options) => {
    const original = { stream: true, stream_options: options, model: 'm' };
    const result = JSON.parse(rewrite(JSON.stringify(original))) as object;

    expect(result).toEqual({
      ...original,
      stream_options: { ...options, include_usage: true },
    });
  });

  it.each([
    ['a non-streaming request', '{"model":"m"}'],
    [
      'a request already asking',
      '{"stream":true,"stream_options":{"include_usage":true}}',
    ],
    ['a body that is not JSON', '{"stream":true'],
  ])('returns %s unchanged', (_, text) => {
    const body = Buffer.from(text);
    const info = inspectRequest('chat.completions', body);

    expect(withIncludeUsage(body, info)).toBe(body);
  });

  it('returns a body nested too deep to re-serialise unchanged', () => {
    const depth = 100_000;
    const messages = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const body = Buffer.from(
      `{"stream":true,"stream_options":{},"messages":${messages}}`,
    );
    const info = inspectRequest('chat.completions', body);

    expect(info).toMatchObject({ json: true, stream: true });
    expect(withIncludeUsage(body, info)).toBe(body);
  });
});
