import type { ErrorType } from '@app/persistence';
import { errorTypeForStatus, summariseBackendError } from './error-classifier';
import type { BackendError, TokenUsage } from './recording.types';
import type { ParsedResponse } from './response-body-parser';
import type { StreamUsageResult } from './stream-usage-tracker';

export interface Failure {
  type: ErrorType;
  message: string | null;
}

/** How a response ended, as far as its status and body tell. */
export interface Outcome {
  usage: TokenUsage | null;
  finishReason: string | null;
  text: string;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  failure: Failure | null;
}

/** A stream succeeded when its status was fine, it carried no error and it ended properly. */
export function streamOutcome(
  result: StreamUsageResult,
  statusCode: number | null,
): Outcome {
  const failure =
    statusFailure(statusCode, result.error) ??
    (result.error ? backendFailure('backend_error', result.error) : null) ??
    (result.finished
      ? null
      : { type: 'stream_interrupted' as const, message: null });
  return { ...result, text: result.generatedText, failure };
}

/**
 * A whole body: its first and last token are the moment it ended. A 2xx body that was read
 * but is not JSON is an invalid response.
 */
export function bodyOutcome(
  parsed: ParsedResponse | null,
  bodyRead: boolean,
  statusCode: number | null,
  endedAt: number | null,
): Outcome {
  let failure = statusFailure(statusCode, parsed?.error ?? null);
  if (
    !failure &&
    bodyRead &&
    !parsed &&
    statusCode !== null &&
    statusCode < 400
  ) {
    failure = {
      type: 'invalid_response',
      message: 'response body is not JSON',
    };
  }
  return {
    usage: parsed?.usage ?? null,
    finishReason: parsed?.finishReason ?? null,
    text: parsed?.generatedText ?? '',
    firstTokenAt: failure ? null : endedAt,
    lastTokenAt: failure ? null : endedAt,
    failure,
  };
}

function statusFailure(
  statusCode: number | null,
  error: BackendError | null,
): Failure | null {
  const type = statusCode === null ? null : errorTypeForStatus(statusCode);
  return type ? backendFailure(type, error) : null;
}

function backendFailure(type: ErrorType, error: BackendError | null): Failure {
  const message = error
    ? summariseBackendError(error.code ?? error.type, error.message)
    : null;
  return { type, message: message || null };
}
