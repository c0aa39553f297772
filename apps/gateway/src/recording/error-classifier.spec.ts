import {
  classifyFailure,
  errorTypeForNetworkError,
  errorTypeForStatus,
  type FailureCause,
} from './error-classifier';

const networkError = (code: string, extra: object = {}) =>
  Object.assign(new Error(code), { code, ...extra });

describe('errorTypeForStatus', () => {
  it.each([
    [200, null],
    [204, null],
    [304, null],
    [399, null],
    [429, 'rate_limit'],
    [400, 'invalid_request'],
    [404, 'invalid_request'],
    [409, 'invalid_request'],
    [413, 'invalid_request'],
    [422, 'invalid_request'],
    [401, 'authentication'],
    [403, 'authentication'],
    [402, 'backend_error'],
    [405, 'backend_error'],
    [408, 'backend_error'],
    [500, 'backend_error'],
    [502, 'backend_error'],
    [503, 'backend_error'],
    [504, 'backend_error'],
  ])('maps %i to %p', (status, expected) => {
    expect(errorTypeForStatus(status)).toBe(expected);
  });
});

describe('errorTypeForNetworkError', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
    'ESOMETHINGNEW',
  ])('treats %s as backend_unreachable', (code) => {
    expect(errorTypeForNetworkError(networkError(code))).toBe(
      'backend_unreachable',
    );
  });

  it.each([
    'ETIMEDOUT',
    'ESOCKETTIMEDOUT',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ])('treats %s as timeout', (code) => {
    expect(errorTypeForNetworkError(networkError(code))).toBe('timeout');
  });

  it('looks through the cause that fetch wraps around socket errors', () => {
    const wrapped = Object.assign(new TypeError('fetch failed'), {
      cause: networkError('UND_ERR_CONNECT_TIMEOUT'),
    });

    expect(errorTypeForNetworkError(wrapped)).toBe('timeout');
  });

  it('treats an AbortSignal.timeout() error as timeout', () => {
    const error = Object.assign(new Error('timed out'), {
      name: 'TimeoutError',
    });

    expect(errorTypeForNetworkError(error)).toBe('timeout');
  });
});

describe('classifyFailure', () => {
  const refused = (status: number, code: string) => ({
    status,
    type: 'invalid_request_error',
    code,
    closeConnection: true,
  });

  it.each<[string, FailureCause, object]>([
    [
      'a body over the limit',
      { kind: 'body_too_large', message: 'too big' },
      { type: 'invalid_request', answer: refused(413, 'request_too_large') },
    ],
    [
      'a client silent while sending its body',
      { kind: 'body_timeout', message: 'silent' },
      {
        type: 'client_disconnected',
        answer: refused(408, 'request_timeout'),
      },
    ],
    [
      'a backend idle past its timeout',
      { kind: 'idle_timeout', idleMs: 250 },
      {
        type: 'timeout',
        message: 'the backend sent nothing for 250 ms',
        endsResponse: true,
        answer: { status: 504, type: 'timeout', code: 'timeout' },
      },
    ],
    [
      'a refused connection',
      { kind: 'unreachable', error: networkError('ECONNREFUSED'), idleMs: 1 },
      {
        type: 'backend_unreachable',
        message: 'the backend could not be reached (ECONNREFUSED)',
        answer: {
          status: 502,
          type: 'backend_unreachable',
          code: 'ECONNREFUSED',
        },
      },
    ],
    [
      'a connection that timed out',
      { kind: 'unreachable', error: networkError('ETIMEDOUT'), idleMs: 9 },
      {
        type: 'timeout',
        message: 'the backend sent nothing for 9 ms',
        answer: { status: 504, type: 'timeout', code: 'ETIMEDOUT' },
      },
    ],
  ])('answers %s itself', (_, cause, expected) => {
    expect(classifyFailure(cause)).toMatchObject(expected);
  });

  it.each<[string, FailureCause, string, string | null, boolean]>([
    [
      'a client gone',
      { kind: 'client_gone' },
      'client_disconnected',
      'the client went away before the response ended',
      false,
    ],
    [
      'a body never sent',
      { kind: 'body_aborted', message: 'closed' },
      'client_disconnected',
      'closed',
      false,
    ],
    [
      'a reset after the headers',
      { kind: 'connection_lost', error: networkError('ECONNRESET') },
      'stream_interrupted',
      'ECONNRESET',
      true,
    ],
    [
      'a response the backend cut short',
      { kind: 'backend_closed' },
      'stream_interrupted',
      'the backend closed the response before it ended',
      true,
    ],
    [
      'a stream without its end',
      { kind: 'stream_incomplete' },
      'stream_interrupted',
      null,
      false,
    ],
    [
      'a body that is not JSON',
      { kind: 'invalid_response' },
      'invalid_response',
      'response body is not JSON',
      false,
    ],
    [
      'an error event in a stream',
      {
        kind: 'stream_error',
        error: { code: 'overloaded', type: null, message: 'try later' },
      },
      'backend_error',
      'overloaded: try later',
      false,
    ],
    [
      'a rate-limited answer',
      { kind: 'backend_status', status: 429, error: null },
      'rate_limit',
      null,
      false,
    ],
  ])(
    'records %s without an answer of its own',
    (_, cause, type, message, endsResponse) => {
      expect(classifyFailure(cause)).toEqual({
        type,
        message,
        endsResponse,
        answer: null,
      });
    },
  );
});
