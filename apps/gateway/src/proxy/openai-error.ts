import type { ServerResponse } from 'node:http';
import type { FailureAnswer } from '../recording/error-classifier';

/** Answers in the error shape OpenAI clients parse: `{"error": {message, type, code}}`. */
export function sendOpenAiError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { message, type, param: null, code } });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The gateway's answer to a failure of a proxied request, tagged with the request's id. */
export function answerFailure(
  res: ServerResponse,
  requestId: string,
  message: string | null,
  answer: FailureAnswer,
): void {
  // The rest of an unread body would otherwise be waited for, then thrown away.
  if (answer.closeConnection) res.setHeader('connection', 'close');
  res.setHeader('x-request-id', requestId);
  sendOpenAiError(res, answer.status, message ?? '', answer.type, answer.code);
}
