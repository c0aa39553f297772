import { closeStatus, FrameReader, OPCODE, type Frame } from './frame-reader';
import { MessageInflater } from './message-inflater';

const EMPTY = Buffer.alloc(0);

/** Text events above this are relayed but not read. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** How the server compresses its messages, from the extensions the handshake agreed on. */
export interface ServerCompression {
  /** False when an unknown extension may set RSV1: then nothing can be read. */
  readable: boolean;
  deflate: boolean;
  noContextTakeover: boolean;
}

/** Reads the `Sec-WebSocket-Extensions` header of the server's 101. */
export function serverCompression(
  header: string | undefined,
): ServerCompression {
  const result = { readable: true, deflate: false, noContextTakeover: false };
  for (const extension of (header ?? '').split(',')) {
    const [name, ...params] = extension.split(';').map((p) => p.trim());
    if (name === '') continue;
    if (name !== 'permessage-deflate') {
      result.readable = false;
      continue;
    }
    result.deflate = true;
    result.noContextTakeover ||= params.includes('server_no_context_takeover');
  }
  return result;
}

export interface ServerEventHandlers {
  /** A text message's bytes, with the moment its last frame arrived. */
  onText(data: Buffer, at: number): void;
  /** The server's close frame. */
  onClose(code: number, reason: string): void;
}

/**
 * Turns the bytes a Realtime server sends into its text messages, inflating them when the
 * two ends agreed on permessage-deflate. Binary messages are skipped unless the compression
 * context needs them.
 */
export class ServerEventReader {
  private readonly frames: FrameReader;
  private readonly inflater: MessageInflater | null;
  private parts: Buffer[] | null = null;
  private partsBytes = 0;
  private messageCompressed = false;
  private messageIsText = false;

  constructor(
    compression: ServerCompression,
    private readonly handlers: ServerEventHandlers,
  ) {
    this.inflater = compression.deflate
      ? new MessageInflater(compression.noContextTakeover, MAX_EVENT_BYTES)
      : null;
    this.frames = new FrameReader(
      (frame) => this.onFrame(frame),
      (opcode, compressed) => this.keeps(opcode, compressed),
    );
  }

  get atBoundary(): boolean {
    return this.frames.atBoundary;
  }

  push(chunk: Buffer): void {
    this.frames.push(chunk);
  }

  close(): void {
    this.inflater?.close();
  }

  /** Calls `then` once every message read so far has been handed on. */
  whenDrained(then: () => void): void {
    if (this.inflater) this.inflater.push(EMPTY, false, () => then());
    else then();
  }

  private keeps(opcode: number, compressed: boolean): boolean {
    if (opcode === OPCODE.close) return true;
    if (opcode === OPCODE.continuation) return this.parts !== null;
    if (opcode !== OPCODE.text && opcode !== OPCODE.binary) return false;
    this.messageCompressed = compressed;
    this.messageIsText = opcode === OPCODE.text;
    // A compressed binary message still moves the compression context on.
    const kept = this.messageIsText || (compressed && this.inflater !== null);
    this.parts = kept ? [] : null;
    this.partsBytes = 0;
    return kept;
  }

  private onFrame(frame: Frame): void {
    if (frame.opcode === OPCODE.close) {
      const { code, reason } = closeStatus(frame.payload);
      this.handlers.onClose(code, reason);
      return;
    }
    // Pings and pongs may come between the frames of a message.
    if (frame.opcode > OPCODE.close) return;
    this.collect(frame.payload);
    if (!frame.fin) return;
    const parts = this.parts;
    this.parts = null;
    if (parts) this.onMessage(parts, performance.now());
  }

  private collect(payload: Buffer | null): void {
    if (!payload || !this.parts) return;
    this.parts.push(payload);
    this.partsBytes += payload.length;
    // Too large to read, unless the compression context needs every byte.
    if (this.partsBytes > MAX_EVENT_BYTES && !this.messageCompressed)
      this.parts = null;
  }

  private onMessage(parts: Buffer[], at: number): void {
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const isText = this.messageIsText;
    if (!this.inflater) {
      this.handlers.onText(data, at);
      return;
    }
    this.inflater.push(data, this.messageCompressed, (inflated) => {
      if (inflated && isText) this.handlers.onText(inflated, at);
    });
  }
}
