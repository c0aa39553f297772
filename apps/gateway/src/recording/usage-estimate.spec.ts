import { inspectRequest } from './request-inspector';
import { countTokens, warmUpTokenizer } from './token-estimator';
import { estimateUsage, isUsageReported } from './usage-estimate';

const request = inspectRequest(
  'chat.completions',
  Buffer.from(
    JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
  ),
);
const TEXT = 'The quick brown fox jumps over the lazy dog.';

describe('estimateUsage', () => {
  beforeAll(() => warmUpTokenizer());

  it('counts the kept text as it is when nothing was dropped', () => {
    const { usage, estimated } = estimateUsage(
      'chat.completions',
      request,
      null,
      TEXT,
      true,
    );

    expect(estimated).toBe(true);
    expect(usage?.completionTokens).toBe(countTokens(TEXT));
  });

  it('scales the tokens of a truncated text by bytes seen over bytes kept', () => {
    const { usage } = estimateUsage(
      'chat.completions',
      request,
      null,
      TEXT,
      true,
      2.5,
    );

    expect(usage?.completionTokens).toBe(Math.round(countTokens(TEXT) * 2.5));
  });

  it('takes usage with a prompt or total count as reported', () => {
    const reported = {
      promptTokens: 3,
      completionTokens: null,
      totalTokens: null,
      cachedPromptTokens: null,
    };

    expect(isUsageReported(reported)).toBe(true);
    expect(isUsageReported({ ...reported, promptTokens: null })).toBe(false);
    expect(isUsageReported(null)).toBe(false);
    expect(
      estimateUsage('chat.completions', request, reported, '', true).usage,
    ).toBe(reported);
  });
});
