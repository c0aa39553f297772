import { randomBytes } from 'node:crypto';

/** WebSocket opcodes (RFC 6455 §5.2). */
export const OPCODE = {
  continuation: 0,
  text: 1,
  binary: 2,
  close: 8,
} as const;

/** One whole frame as the reader saw it; `payload` is null when it was not kept. */
export interface Frame {
  fin: boolean;
  /** RSV1: the message is compressed with permessage-deflate. */
  compressed: boolean;
  opcode: number;
  payload: Buffer | null;
}

/** Decides, from a frame's header, whether its payload is worth keeping. */
export type PayloadFilter = (opcode: number, compressed: boolean) => boolean;

interface Header {
  fin: boolean;
  compressed: boolean;
  opcode: number;
  masked: boolean;
  length: number;
  headerLength: number;
}

/**
 * Reads WebSocket frames out of the bytes one side sends, at whatever chunk boundaries they
 * arrive, without changing them: the bytes themselves are relayed elsewhere. Payloads are
 * unmasked and kept only when the filter asks for them, so audio passing through costs
 * nothing but a header parse.
 */
export class FrameReader {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private header: Header | null = null;
  private kept: Buffer[] | null = null;
  private remaining = 0;
  private maskOffset = 0;
  private mask: Buffer | null = null;

  constructor(
    private readonly onFrame: (frame: Frame) => void,
    private readonly keep: PayloadFilter,
  ) {}

  /** True when everything pushed so far ends exactly at a frame boundary. */
  get atBoundary(): boolean {
    return this.header === null && this.pendingBytes === 0;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    for (;;) {
      if (this.header === null) {
        if (offset >= chunk.length) return;
        offset = this.readHeader(chunk, offset);
        if (this.header === null) return;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      if (this.kept && take > 0)
        this.kept.push(this.unmask(chunk, offset, take));
      this.remaining -= take;
      offset += take;
      // An empty frame ends where its header does.
      if (this.remaining > 0) return;
      this.finishFrame();
    }
  }

  /** Buffers header bytes until a whole header is there; returns where its payload starts. */
  private readHeader(chunk: Buffer, offset: number): number {
    const rest = chunk.subarray(offset);
    const bytes =
      this.pendingBytes === 0 ? rest : Buffer.concat([...this.pending, rest]);
    const header = parseHeader(bytes);
    if (!header) {
      this.pending.push(Buffer.from(rest));
      this.pendingBytes += rest.length;
      return chunk.length;
    }
    const used = header.headerLength - this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.header = header;
    this.remaining = header.length;
    this.mask = header.masked
      ? Buffer.from(
          bytes.subarray(header.headerLength - 4, header.headerLength),
        )
      : null;
    this.maskOffset = 0;
    this.kept = this.keep(header.opcode, header.compressed) ? [] : null;
    return offset + used;
  }

  private unmask(chunk: Buffer, offset: number, length: number): Buffer {
    const part = chunk.subarray(offset, offset + length);
    if (!this.mask) return part;
    const copy = Buffer.allocUnsafe(length);
    for (let i = 0; i < length; i++)
      copy[i] = part[i] ^ this.mask[(this.maskOffset + i) & 3];
    this.maskOffset += length;
    return copy;
  }

  private finishFrame(): void {
    const header = this.header as Header;
    const payload = this.kept ? Buffer.concat(this.kept) : null;
    this.header = null;
    this.kept = null;
    this.onFrame({
      fin: header.fin,
      compressed: header.compressed,
      opcode: header.opcode,
      payload,
    });
  }
}

/** The header at the start of `bytes`, or null while it is incomplete. */
function parseHeader(bytes: Buffer): Header | null {
  if (bytes.length < 2) return null;
  const masked = (bytes[1] & 0x80) !== 0;
  const short = bytes[1] & 0x7f;
  const extra = short === 126 ? 2 : short === 127 ? 8 : 0;
  const headerLength = 2 + extra + (masked ? 4 : 0);
  if (bytes.length < headerLength) return null;
  const length =
    short === 126
      ? bytes.readUInt16BE(2)
      : short === 127
        ? Number(bytes.readBigUInt64BE(2))
        : short;
  return {
    fin: (bytes[0] & 0x80) !== 0,
    compressed: (bytes[0] & 0x40) !== 0,
    opcode: bytes[0] & 0x0f,
    masked,
    length,
    headerLength,
  };
}

/** A close frame's code and reason; 1005 (no status) when it carries none. */
export function closeStatus(payload: Buffer | null): {
  code: number;
  reason: string;
} {
  if (!payload || payload.length < 2) return { code: 1005, reason: '' };
  return {
    code: payload.readUInt16BE(0),
    reason: payload.subarray(2).toString('utf8'),
  };
}

/** An unmasked close frame, as a server sends it. */
export function serverCloseFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const frame = Buffer.allocUnsafe(4 + text.length);
  frame[0] = 0x80 | OPCODE.close;
  frame[1] = 2 + text.length;
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  return frame;
}

/** A masked close frame, as a client must send it (RFC 6455 §5.3). */
export function clientCloseFrame(code: number, reason: string): Buffer {
  const unmasked = serverCloseFrame(code, reason);
  const mask = randomBytes(4);
  const frame = Buffer.allocUnsafe(unmasked.length + 4);
  frame[0] = unmasked[0];
  frame[1] = 0x80 | unmasked[1];
  mask.copy(frame, 2);
  for (let i = 2; i < unmasked.length; i++)
    frame[i + 4] = unmasked[i] ^ mask[(i - 2) & 3];
  return frame;
}
