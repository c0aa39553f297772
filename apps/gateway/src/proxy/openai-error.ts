import type { ServerResponse } from 'node:http';

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

/**
 * Refuses a request whose body was not read in full: the connection closes after the answer
 * instead of waiting for the rest.
 */
export function refuseRequest(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
): void {
  res.setHeader('connection', 'close');
  sendOpenAiError(res, status, message, 'invalid_request_error', code);
}
