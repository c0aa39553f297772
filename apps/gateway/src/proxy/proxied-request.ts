import { randomUUID } from 'node:crypto';
import type { ClientRequest, IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import {
  classifyFailure,
  type FailureCause,
} from '../recording/error-classifier';
import type { RequestExchange } from '../recording/request-exchange';
import { answerFailure } from './openai-error';

/** Counts the requests in flight and takes each one's record and log line when it closes. */
export interface RequestTracker {
  opened(): void;
  closed(request: ProxiedRequest): void;
}

const VALID_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;
const CLIENT_GONE: FailureCause = { kind: 'client_gone' };

/**
 * One request to /v1/, from its arrival to its record. The usage interceptor creates it, the
 * controller hands it to the proxy, and its response's close hands it to its tracker: whatever
 * the gateway learns or decides about the request travels with this object.
 */
export class ProxiedRequest {
  readonly startedAt = performance.now();
  upstreamRequest: ClientRequest | null = null;
  /** Set when the gateway itself cut the backend off for sending nothing. */
  timedOut = false;

  constructor(
    readonly req: Request,
    readonly res: Response,
    readonly requestId: string,
    /** Present on the inference routes, whose usage is recorded. */
    readonly exchange: RequestExchange | null,
    private readonly tracker: RequestTracker,
  ) {
    tracker.opened();
    res.on('close', this.onClose);
  }

  /**
   * Records a failure (the first one wins), then, when the response cannot go on, answers the
   * client in OpenAI's error shape if nothing was sent yet, or cuts the response.
   */
  fail(cause: FailureCause): void {
    const failure = classifyFailure(cause);
    const { res } = this;
    const open = failure.endsResponse && !res.writableEnded && !res.destroyed;
    const answer = open && !res.headersSent ? failure.answer : null;
    this.exchange?.fail(failure, answer?.status);
    if (answer) answerFailure(res, this.requestId, failure.message, answer);
    else if (open) res.destroy();
  }

  private readonly onClose = (): void => {
    if (!this.res.writableFinished) {
      this.fail(CLIENT_GONE);
      this.upstreamRequest?.destroy();
    }
    this.tracker.closed(this);
  };
}

/** The client's X-Request-Id when it is a sane one, else a new id. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && VALID_REQUEST_ID.test(given)
    ? given
    : randomUUID();
}
