import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  RecordWriter,
  type ErrorType,
  type RequestRecordInput,
} from '@app/persistence';
import {
  ExchangeAttribution,
  type AttributedFields,
  type AttributionNotes,
} from '../attribution/exchange-attribution';
import { errorTypeForStatus } from '../recording/error-classifier';
import {
  EXCHANGE_SETTINGS,
  type ExchangeSettings,
} from '../recording/request-exchange';
import { resolveOrigin } from '../recording/origin-resolver';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { RealtimeSession } from './realtime-session';
import { SessionRecorder, type SessionRecord } from './session-recorder';

/** The path whose sessions are recorded; other WebSocket paths are only forwarded. */
const REALTIME_PATH = /^\/v1\/realtime\/*(\?|$)/;

/** What is known of an upgrade request once it arrived. */
export interface Handshake {
  requestId: string;
  path: string;
  origin: string | null;
  model: string | null;
  recorded: boolean;
  arrivedAt: Date;
  startedAt: number;
  responses: number;
  /** The upgrade request's, for the metrics' header labels. */
  headers: IncomingHttpHeaders;
  /** Who opened the session (its headers, its key): every record of the session carries it. */
  attribution: AttributedFields;
  attributionNotes: AttributionNotes;
}

/**
 * Records Realtime sessions: one record per response (see SessionRecorder), and one for an
 * upgrade the backend refused or could not take, attributed and priced as HTTP requests are.
 * Logs one line per upgrade, never contents.
 */
@Injectable()
export class RealtimeRecording {
  private readonly logger = new Logger(RealtimeRecording.name);

  constructor(
    private readonly writer: RecordWriter,
    @InjectPinoLogger('Realtime')
    private readonly log: PinoLogger,
    private readonly telemetry: GatewayTelemetry,
    @Inject(EXCHANGE_SETTINGS)
    private readonly settings: ExchangeSettings,
  ) {}

  handshake(req: IncomingMessage, requestId: string): Handshake {
    const path = req.url ?? '/';
    const query = new URLSearchParams(path.split('?')[1] ?? '');
    const attribution = new ExchangeAttribution(
      req.headers,
      this.settings.attribution,
    );
    return {
      requestId,
      path: path.split('?')[0],
      origin: resolveOrigin(req.headers),
      model: query.get('model'),
      recorded: REALTIME_PATH.test(path),
      arrivedAt: new Date(),
      startedAt: performance.now(),
      responses: 0,
      headers: req.headers,
      attribution: attribution.fields(),
      attributionNotes: attribution.notes(),
    };
  }

  recorderFor(
    handshake: Handshake,
    statusCode: number,
  ): SessionRecorder | null {
    if (!handshake.recorded) return null;
    const info = { ...handshake, statusCode };
    return new SessionRecorder(info, (record) => {
      handshake.responses += 1;
      this.record(record, handshake);
    });
  }

  /** The backend answered the upgrade with something other than 101. */
  refused(handshake: Handshake, statusCode: number): void {
    const type = errorTypeForStatus(statusCode) ?? 'backend_error';
    this.failed(handshake, type, null, statusCode);
  }

  /** The backend could not be reached, or did not answer in time. */
  unreachable(
    handshake: Handshake,
    type: ErrorType,
    message: string,
    statusCode: number,
  ): void {
    this.failed(handshake, type, message, statusCode);
  }

  sessionEnded(handshake: Handshake, session: RealtimeSession): void {
    const { side, code } = session.closedFirstBy;
    this.logLine(handshake, 101, { closedBy: side, closeCode: code });
  }

  private failed(
    handshake: Handshake,
    type: ErrorType,
    message: string | null,
    statusCode: number,
  ): void {
    this.logLine(handshake, statusCode, { errorType: type });
    if (!handshake.recorded) return;
    const responseTimeMs = Math.round(performance.now() - handshake.startedAt);
    this.record(
      {
        timestamp: handshake.arrivedAt,
        endpoint: 'realtime',
        model: handshake.model?.slice(0, 255) ?? null,
        origin: handshake.origin,
        isStreaming: true,
        success: false,
        statusCode,
        errorType: type,
        errorMessage: message,
        finishReason: null,
        messageCount: null,
        promptTokens: null,
        completionTokens: null,
        totalTokens: null,
        tokensEstimated: false,
        timeToFirstTokenMs: null,
        timeToLastTokenMs: null,
        responseTimeMs,
        tokensPerSecond: null,
        cachedPromptTokens: null,
        requestId: handshake.requestId,
      },
      handshake,
    );
  }

  private record(session: SessionRecord, handshake: Handshake): void {
    const record: RequestRecordInput = {
      ...session,
      ...handshake.attribution,
      costUsd: this.costOf(session),
    };
    this.telemetry.recorded(handshake.headers, record);
    try {
      this.writer.record(record);
    } catch (error) {
      this.logger.error(
        `could not record a realtime response of ${record.requestId}: ${(error as Error).message}`,
      );
    }
  }

  /** Audio at the model's audio rates; unpriced when it has none (see costFromPrice). */
  private costOf(record: SessionRecord): number | null {
    return this.settings.prices.costOf(
      record.model,
      {
        prompt: record.promptTokens,
        completion: record.completionTokens,
        cachedPrompt: record.cachedPromptTokens,
        promptAudio: record.promptAudioTokens,
        completionAudio: record.completionAudioTokens,
      },
      false,
      record.timestamp,
    ).costUsd;
  }

  private logLine(
    handshake: Handshake,
    status: number,
    extra: Record<string, unknown>,
  ): void {
    if (!this.log.logger.isLevelEnabled('info')) return;
    this.log.info(
      {
        requestId: handshake.requestId,
        method: 'GET',
        path: handshake.path,
        status,
        durationMs: Math.round(performance.now() - handshake.startedAt),
        model: handshake.model,
        responses: handshake.responses,
        ...(handshake.attributionNotes.userTruncated && {
          userTruncated: true,
        }),
        ...(handshake.attributionNotes.droppedTags > 0 && {
          droppedTags: handshake.attributionNotes.droppedTags,
        }),
        ...extra,
      },
      'proxied websocket',
    );
  }
}
