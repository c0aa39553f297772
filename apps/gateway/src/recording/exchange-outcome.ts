import {
  classifyFailure,
  isErrorStatus,
  type Failure,
  type FailureCause,
} from './error-classifier';
import type { BackendError, TokenUsage } from './recording.types';
import type { ParsedResponse } from './response-body-parser';
import type { StreamUsageResult } from './stream-usage-tracker';

const STREAM_INCOMPLETE: FailureCause = { kind: 'stream_incomplete' };
const INVALID_RESPONSE: FailureCause = { kind: 'invalid_response' };

/** How a response ended, as far as its status and body tell. */
export interface Outcome {
  usage: TokenUsage | null;
  finishReason: string | null;
  text: string;
  /** Bytes of generated text seen over bytes kept in `text`. */
  textScale: number;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  failure: Failure | null;
  /** The model the backend named in its answer, if it did. */
  responseModel: string | null;
}

/** A stream succeeded when its status was fine, it carried no error and it ended properly. */
export function streamOutcome(
  result: StreamUsageResult,
  statusCode: number | null,
): Outcome {
  const failure =
    statusFailure(statusCode, result.error) ??
    (result.error
      ? classifyFailure({ kind: 'stream_error', error: result.error })
      : null) ??
    (result.finished ? null : classifyFailure(STREAM_INCOMPLETE));
  return {
    ...result,
    text: result.generatedText,
    textScale: result.generatedTextScale,
    failure,
  };
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
  if (!failure && bodyRead && !parsed && statusCode !== null) {
    failure = classifyFailure(INVALID_RESPONSE);
  }
  return {
    usage: parsed?.usage ?? null,
    finishReason: parsed?.finishReason ?? null,
    text: parsed?.generatedText ?? '',
    textScale: 1,
    firstTokenAt: failure ? null : endedAt,
    lastTokenAt: failure ? null : endedAt,
    failure,
    responseModel: parsed?.model ?? null,
  };
}

function statusFailure(
  status: number | null,
  error: BackendError | null,
): Failure | null {
  return status !== null && isErrorStatus(status)
    ? classifyFailure({ kind: 'backend_status', status, error })
    : null;
}
