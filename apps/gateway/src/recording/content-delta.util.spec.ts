import { plainContentDelta } from './content-delta.util';

const chunk = (choice: object, extra: object = {}) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
    system_fingerprint: 'fp_1',
    choices: [choice],
    ...extra,
  });

const content = (text: string, extra: object = {}) =>
  chunk(
    {
      index: 0,
      delta: { content: text },
      logprobs: null,
      finish_reason: null,
    },
    extra,
  );

describe('plainContentDelta', () => {
  it.each([
    ['plain text', content(' héllo')],
    ['an emoji', content(' 👋')],
    ['escapes', content('a "quoted"\nline\\ \t\u0001 \u2028')],
    ['an empty delta', content('')],
    ['usage: null after the choices', content('x', { usage: null })],
    ['no index or null fields', chunk({ delta: { content: 'x' } })],
    [
      'the choice fields of vLLM',
      chunk({
        index: 0,
        delta: { content: 'x' },
        logprobs: null,
        finish_reason: null,
        stop_reason: null,
      }),
    ],
  ])('reads the content of a chunk with %s', (_, data) => {
    const parsed = JSON.parse(data) as {
      choices: { delta: { content: string } }[];
    };
    expect(plainContentDelta(data)).toBe(parsed.choices[0].delta.content);
  });

  it.each([
    ['a role', chunk({ index: 0, delta: { role: 'assistant', content: '' } })],
    ['a finish reason', chunk({ index: 0, delta: {}, finish_reason: 'stop' })],
    [
      'a finish reason after content',
      chunk({ index: 0, delta: { content: 'x' }, finish_reason: 'length' }),
    ],
    ['usage', content('x', { usage: { total_tokens: 3 } })],
    ['reasoning', chunk({ index: 0, delta: { reasoning_content: 'x' } })],
    [
      'a tool call',
      chunk({ index: 0, delta: { content: 'x', tool_calls: [] } }),
    ],
    [
      'two choices',
      JSON.stringify({
        choices: [{ delta: { content: 'a' } }, { delta: { content: 'b' } }],
      }),
    ],
    ['an error field', content('x', { error: 'overloaded' })],
    ['an error object', content('x', { object: 'error' })],
    [
      'a second choices field',
      content('x', { choices: null }).replace(
        '"choices":null',
        '"choices":[],"choices":null',
      ),
    ],
    ['whitespace', '{ "choices": [{ "delta": { "content": "x" } }] }'],
    ['a number with a leading zero', content('x').replace('1700000000', '01')],
    ['a raw control character', content('x').replace('"x"', '"a\u0001"')],
    ['an invalid escape', content('x').replace('"x"', '"a\\q"')],
    ['not JSON', 'data that is not JSON'],
    ['the end marker', '[DONE]'],
  ])('leaves a chunk with %s to the full parse', (_, data) => {
    expect(plainContentDelta(data)).toBeNull();
  });
});
