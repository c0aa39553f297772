import type { IncomingMessage } from 'node:http';
import type { FailureCause } from '../recording/error-classifier';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds the limit of ${limit} bytes`);
  }
}

export class BodyTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`the client sent nothing of its request body for ${idleMs} ms`);
  }
}

/** What a body that could not be read means for the request. */
export function bodyFailure(error: Error): FailureCause {
  const { message } = error;
  if (error instanceof BodyTooLargeError)
    return { kind: 'body_too_large', message };
  if (error instanceof BodyTimeoutError)
    return { kind: 'body_timeout', message };
  return { kind: 'body_aborted', message };
}

/**
 * Reads a request body into memory, refusing it as soon as it grows past `limit` or the
 * client falls silent for `idleMs`, well before the server's whole-request deadline.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  idleMs: number,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return collect(req, limit, idleMs);
}

function collect(
  req: IncomingMessage,
  limit: number,
  idleMs: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      clearTimeout(idle);
      req.off('data', onData);
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      idle.refresh();
      size += chunk.length;
      if (size > limit) stop(new BodyTooLargeError(limit));
      else chunks.push(chunk);
    };
    const idle = setTimeout(() => stop(new BodyTimeoutError(idleMs)), idleMs);
    req.on('data', onData);
    req.once('end', () => {
      clearTimeout(idle);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.once('error', stop);
    req.once('close', () => {
      if (!req.complete)
        stop(new Error('client closed the request before sending its body'));
    });
  });
}
