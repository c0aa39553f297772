import {
  MAX_ERROR_SUMMARY_LENGTH,
  summariseBackendError,
} from './error-summary';

describe('summariseBackendError', () => {
  it('joins code and message', () => {
    expect(summariseBackendError('model_not_found', 'No such model')).toBe(
      'model_not_found: No such model',
    );
  });

  it('uses whichever part is present', () => {
    expect(summariseBackendError(null, 'Overloaded')).toBe('Overloaded');
    expect(summariseBackendError(503, undefined)).toBe('503');
    expect(summariseBackendError(null, null)).toBe('');
  });

  it('keeps the summary on one line', () => {
    expect(summariseBackendError('e', 'line one\n  line two\r\n')).toBe(
      'e: line one line two',
    );
  });

  it.each([
    [
      'Incorrect API key provided: sk-proj-abc123***************xyz9.',
      'Incorrect API key provided: [redacted].',
    ],
    [
      'Authorization: Bearer abc.def-123 rejected',
      'Authorization: Bearer [redacted] rejected',
    ],
    [
      'header Basic dXNlcjpwYXNzd29yZA== is bad',
      'header Basic [redacted] is bad',
    ],
    ['invalid api_key=hunter2&x=1', 'invalid api_key=[redacted]&x=1'],
    ['{"password": "hunter2"}', '{"password": "[redacted]"}'],
    ['bad key AIzaSyA1234567890abcdefghijklmnopqrstu', 'bad key [redacted]'],
    ['hf token hf_AbCdEfGhIjKlMn rejected', 'hf token [redacted] rejected'],
    [
      'jwt eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl expired',
      'jwt [redacted] expired',
    ],
  ])('redacts credentials in %j', (message, expected) => {
    expect(summariseBackendError(null, message)).toBe(expected);
  });

  it('leaves ordinary words alone', () => {
    const message = 'Basic rate limit of 3 tokens: 5 for risk-free task-123';

    expect(summariseBackendError('x', message)).toBe(`x: ${message}`);
  });

  it('truncates to the column size after redacting', () => {
    const long = `${'a'.repeat(MAX_ERROR_SUMMARY_LENGTH - 10)} sk-${'k'.repeat(40)} tail`;
    const summary = summariseBackendError('code', long);

    expect(summary).toHaveLength(MAX_ERROR_SUMMARY_LENGTH);
    expect(summary).not.toContain('sk-');
  });

  it('does not cut a surrogate pair in half', () => {
    const message = `${'a'.repeat(MAX_ERROR_SUMMARY_LENGTH - 1)}👋`;
    const summary = summariseBackendError(null, message);

    expect(summary).toBe('a'.repeat(MAX_ERROR_SUMMARY_LENGTH - 1));
  });
});
