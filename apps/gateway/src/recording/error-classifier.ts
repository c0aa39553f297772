import type { ErrorType } from '@app/persistence';
import { summariseBackendError } from './error-summary';
import type { BackendError } from './recording.types';

/**
 * Every way a proxied request can fail, as the code that notices it reports it. What each
 * means for the record and for the client is decided below, in {@link classifyFailure} only.
 */
export type FailureCause =
  | { kind: 'body_too_large'; message: string }
  | { kind: 'body_timeout'; message: string }
  | { kind: 'body_aborted'; message: string }
  | { kind: 'client_gone' }
  | { kind: 'idle_timeout'; idleMs: number }
  | { kind: 'unreachable'; error: NodeJS.ErrnoException; idleMs: number }
  | { kind: 'connection_lost'; error: Error }
  | { kind: 'backend_closed' }
  | { kind: 'backend_status'; status: number; error: BackendError | null }
  | { kind: 'stream_error'; error: BackendError }
  | { kind: 'stream_incomplete' }
  | { kind: 'invalid_response' };

/** The gateway's own answer, in the error shape OpenAI clients parse. */
export interface FailureAnswer {
  status: number;
  type: string;
  code: string;
  /** The request body was not read in full: the connection closes after the answer. */
  closeConnection: boolean;
}

export interface Failure {
  type: ErrorType;
  message: string | null;
  /**
   * True when the client's response cannot go on: it gets `answer` if nothing of it was
   * sent yet, else it is cut.
   */
  endsResponse: boolean;
  answer: FailureAnswer | null;
}

type Classify<K extends FailureCause['kind']> = (
  cause: Extract<FailureCause, { kind: K }>,
) => Failure;

const recordOnly = (type: ErrorType, message: string | null): Failure => ({
  type,
  message,
  endsResponse: false,
  answer: null,
});

const refused = (status: number, code: string): FailureAnswer => ({
  status,
  type: 'invalid_request_error',
  code,
  closeConnection: true,
});

const TOO_LARGE_ANSWER = refused(413, 'request_too_large');
const BODY_TIMEOUT_ANSWER = refused(408, 'request_timeout');
const TIMEOUT_ANSWER: FailureAnswer = {
  status: 504,
  type: 'timeout',
  code: 'timeout',
  closeConnection: false,
};

const CLIENT_GONE = recordOnly(
  'client_disconnected',
  'the client went away before the response ended',
);
const BACKEND_CLOSED: Failure = {
  type: 'stream_interrupted',
  message: 'the backend closed the response before it ended',
  endsResponse: true,
  answer: null,
};
const STREAM_INCOMPLETE = recordOnly('stream_interrupted', null);
const INVALID_RESPONSE = recordOnly(
  'invalid_response',
  'response body is not JSON',
);

const CLASSIFIERS: { [K in FailureCause['kind']]: Classify<K> } = {
  body_too_large: ({ message }) => ({
    type: 'invalid_request',
    message,
    endsResponse: true,
    answer: TOO_LARGE_ANSWER,
  }),
  // The client's failure: the backend never saw the request.
  body_timeout: ({ message }) => ({
    type: 'client_disconnected',
    message,
    endsResponse: true,
    answer: BODY_TIMEOUT_ANSWER,
  }),
  body_aborted: ({ message }) => recordOnly('client_disconnected', message),
  client_gone: () => CLIENT_GONE,
  idle_timeout: ({ idleMs }) => ({
    type: 'timeout',
    message: idleTimeoutMessage(idleMs),
    endsResponse: true,
    answer: TIMEOUT_ANSWER,
  }),
  unreachable: unreachableFailure,
  // A reset after the response started interrupts it; its answer is already on its way.
  connection_lost: ({ error }) => ({
    type: 'stream_interrupted',
    message: error.message,
    endsResponse: true,
    answer: null,
  }),
  backend_closed: () => BACKEND_CLOSED,
  backend_status: ({ status, error }) =>
    backendFailure(errorTypeForStatus(status) ?? 'backend_error', error),
  stream_error: ({ error }) => backendFailure('backend_error', error),
  stream_incomplete: () => STREAM_INCOMPLETE,
  invalid_response: () => INVALID_RESPONSE,
};

/** What a failure is recorded as, and what the client gets for it. */
export function classifyFailure(cause: FailureCause): Failure {
  return (CLASSIFIERS[cause.kind] as Classify<FailureCause['kind']>)(cause);
}

/** A backend's answer with this status is a failure (its body passes to the client as sent). */
export function isErrorStatus(status: number): boolean {
  return status >= 400;
}

const INVALID_REQUEST_STATUSES = new Set([400, 404, 409, 413, 422]);

export function errorTypeForStatus(status: number): ErrorType | null {
  if (!isErrorStatus(status)) return null;
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'authentication';
  if (INVALID_REQUEST_STATUSES.has(status)) return 'invalid_request';
  return 'backend_error';
}

/**
 * For a request that failed before the backend answered. ECONNREFUSED, ECONNRESET,
 * ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH, EPIPE and anything unrecognised
 * mean the backend could not be reached; a reset after the response started is a
 * `connection_lost`.
 */
export function errorTypeForNetworkError(
  err: NodeJS.ErrnoException,
): ErrorType {
  return isTimeout(err, 0) ? 'timeout' : 'backend_unreachable';
}

function unreachableFailure({
  error,
  idleMs,
}: Extract<FailureCause, { kind: 'unreachable' }>): Failure {
  const type = errorTypeForNetworkError(error);
  const timedOut = type === 'timeout';
  return {
    type,
    message: timedOut
      ? idleTimeoutMessage(idleMs)
      : `the backend could not be reached (${error.code ?? error.message})`,
    endsResponse: true,
    answer: {
      status: timedOut ? 504 : 502,
      type,
      code: error.code ?? type,
      closeConnection: false,
    },
  };
}

function backendFailure(type: ErrorType, error: BackendError | null): Failure {
  const message = error
    ? summariseBackendError(error.code ?? error.type, error.message)
    : null;
  return recordOnly(type, message || null);
}

function idleTimeoutMessage(idleMs: number): string {
  return `the backend sent nothing for ${idleMs} ms`;
}

const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** fetch (undici) wraps the socket error in `cause`. */
function isTimeout(err: unknown, depth: number): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const { code, name, cause } = err as { [key: string]: unknown };
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return true;
  if (name === 'TimeoutError') return true;
  return isTimeout(cause, depth + 1);
}
