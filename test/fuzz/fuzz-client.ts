import { STATUS_CODES } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { RawRequest, RawResponse } from '../support/raw-http';
import { stalls } from './fuzz-records';

export type FuzzedApp = 'gateway' | 'metrics';

/** Runs `task` on every item, at most `concurrency` at a time. */
export async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const DECODERS: Record<string, (body: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
};

function parseJson(answer: RawResponse): unknown {
  const encoding = answer.headers['content-encoding'] ?? 'identity';
  const decode = DECODERS[encoding] ?? ((body: Buffer) => body);
  return JSON.parse(decode(answer.body).toString('utf8'));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** `{"error": {message, type, code}}`, as OpenAI clients parse it. */
function isOpenAiError(body: unknown): boolean {
  const error = isObject(body) ? body.error : undefined;
  return (
    isObject(error) &&
    typeof error.message === 'string' &&
    typeof error.type === 'string' &&
    (typeof error.code === 'string' || error.code === null)
  );
}

/**
 * The backend never fails here, so the gateway owes no 5xx either; the one exception is a
 * 504 for a body that stalls (a declared length too long) on its way to the backend.
 */
function statusProblems(
  app: FuzzedApp,
  request: RawRequest,
  status: number,
): string[] {
  if (STATUS_CODES[status] === undefined) {
    return [`status ${status} is not an HTTP status`];
  }
  const stalled = app === 'gateway' && status === 504 && stalls(request);
  return status >= 500 && !stalled ? [`server error ${status}`] : [];
}

function hasJsonBody(request: RawRequest, answer: RawResponse): boolean {
  const { status, headers } = answer;
  if (request.method === 'HEAD' || status === 204 || status === 304) {
    return false;
  }
  return /^application\/([\w.-]+\+)?json\b/i.test(
    headers['content-type'] ?? '',
  );
}

/** A JSON answer must parse; a gateway error must be OpenAI's shape, a metrics one Nest's. */
function bodyProblems(app: FuzzedApp, answer: RawResponse): string[] {
  let body: unknown;
  try {
    body = parseJson(answer);
  } catch (error) {
    return [`JSON answer does not parse: ${(error as Error).message}`];
  }
  if (answer.status < 400) return [];
  if (app === 'gateway') {
    return isOpenAiError(body) ? [] : ['error not in the OpenAI shape'];
  }
  const named = isObject(body) && body.statusCode === answer.status;
  return named ? [] : ['error without its statusCode'];
}

/** Everything wrong with an answer; empty when it is well-formed. */
export function answerProblems(
  app: FuzzedApp,
  request: RawRequest,
  answer: RawResponse,
): string[] {
  const problems = statusProblems(app, request, answer.status);
  if (!hasJsonBody(request, answer)) return problems;
  return [...problems, ...bodyProblems(app, answer)];
}
