import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { RequestRecordInput } from '@app/persistence';

/** One structured line per proxied request: id, route, status, and what was recorded of it. */
@Injectable()
export class RequestLogService {
  constructor(
    @InjectPinoLogger('Proxy')
    private readonly logger: PinoLogger,
  ) {}

  log(
    req: Request,
    res: Response,
    requestId: string,
    startedAt: number,
    record: RequestRecordInput | undefined,
    attribution?: { userTruncated: boolean; droppedTags: number },
  ): void {
    // Skip building the line at all when it would be dropped.
    if (!this.logger.logger.isLevelEnabled('info')) return;
    this.logger.info(
      {
        requestId,
        method: req.method,
        path: req.path,
        // The socket's peer, or the X-Forwarded-For hop TRUST_PROXY trusts.
        clientIp: req.ip ?? null,
        status: res.headersSent ? res.statusCode : null,
        durationMs: Math.round(performance.now() - startedAt),
        ...(record && {
          model: record.model,
          streaming: record.isStreaming,
          success: record.success,
          errorType: record.errorType,
          timeToFirstTokenMs: record.timeToFirstTokenMs,
          promptTokens: record.promptTokens,
          completionTokens: record.completionTokens,
          tokensPerSecond: record.tokensPerSecond,
        }),
        // Counts and flags only: user names, keys and tag values stay out of the log.
        ...(attribution?.userTruncated && { userTruncated: true }),
        ...(attribution?.droppedTags && {
          droppedTags: attribution.droppedTags,
        }),
      },
      'proxied',
    );
  }
}
