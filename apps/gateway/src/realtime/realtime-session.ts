import type { Socket } from 'node:net';
import type { ErrorType } from '@app/persistence';
import {
  clientCloseFrame,
  closeStatus,
  FrameReader,
  OPCODE,
  serverCloseFrame,
} from './frame-reader';
import {
  ServerEventReader,
  type ServerCompression,
} from './server-event-reader';
import type { SessionRecorder } from './session-recorder';

/** How long a side that was told to close may take before its socket is destroyed. */
const CLOSE_TIMEOUT_MS = 5_000;
/** Dead peers are noticed by TCP keep-alive, never by a timeout on a quiet session. */
const KEEP_ALIVE_PROBE_MS = 30_000;

export interface SessionSockets {
  client: Socket;
  upstream: Socket;
  /** Bytes each side sent beyond the handshake, already read by Node. */
  clientHead: Buffer;
  upstreamHead: Buffer;
}

/**
 * One WebSocket session after its handshake: the bytes flow both ways unchanged, so frames,
 * compression and close codes are the two ends' own. The gateway only reads along: the
 * server's events for the recorder, the client's frame headers to see who closed first.
 */
export class RealtimeSession {
  readonly ended: Promise<void>;
  private readonly events: ServerEventReader | null;
  private readonly clientFrames: FrameReader;
  private firstClose: 'client' | 'server' | 'gateway' | null = null;
  private closeCode: number | null = null;

  constructor(
    private readonly sockets: SessionSockets,
    compression: ServerCompression,
    private readonly recorder: SessionRecorder | null,
  ) {
    this.events = compression.readable
      ? new ServerEventReader(compression, {
          onText: (text, at) => this.recorder?.onText(text, at),
          onClose: (code) => this.closedBy('server', code),
        })
      : null;
    this.clientFrames = new FrameReader(
      (frame) => {
        if (frame.opcode === OPCODE.close)
          this.closedBy('client', closeStatus(frame.payload).code);
      },
      (opcode) => opcode === OPCODE.close,
    );
    this.ended = this.relay();
  }

  /** The gateway is going away: both ends get a 1001 close. */
  shutdown(): void {
    if (this.firstClose !== null) return;
    this.closedBy('gateway', 1001);
    const { client, upstream } = this.sockets;
    upstream.unpipe(client);
    client.unpipe(upstream);
    // What either side still sends is read and dropped, so that its close is seen.
    upstream.removeAllListeners('data').resume();
    client.removeAllListeners('data').resume();
    // A close frame may only go between frames; in the middle of one the socket is cut.
    if (this.events?.atBoundary)
      client.end(serverCloseFrame(1001, 'gateway shutting down'));
    else client.destroy();
    if (this.clientFrames.atBoundary)
      upstream.end(clientCloseFrame(1001, 'gateway shutting down'));
    else upstream.destroy();
    this.destroyLater();
  }

  private relay(): Promise<void> {
    const { client, upstream, clientHead, upstreamHead } = this.sockets;
    for (const socket of [client, upstream]) {
      // Each socket's 'close' follows its error and ends the session.
      socket.on('error', () => socket.destroy());
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, KEEP_ALIVE_PROBE_MS);
    }
    if (upstreamHead.length > 0) {
      this.events?.push(upstreamHead);
      client.write(upstreamHead);
    }
    if (clientHead.length > 0) {
      this.clientFrames.push(clientHead);
      upstream.write(clientHead);
    }
    if (this.events) {
      const events = this.events;
      upstream.on('data', (chunk: Buffer) => events.push(chunk));
    }
    client.on('data', (chunk: Buffer) => this.clientFrames.push(chunk));
    // The client's side is ended by onUpstreamGone, which may have a close frame to add.
    upstream.pipe(client, { end: false });
    client.pipe(upstream);
    const upstreamClosed = new Promise<void>((resolve) =>
      upstream.once('close', () => {
        this.onUpstreamGone();
        resolve();
      }),
    );
    const clientClosed = new Promise<void>((resolve) =>
      client.once('close', () => {
        this.closedBy('client', null);
        upstream.end();
        this.destroyLater();
        resolve();
      }),
    );
    return Promise.all([upstreamClosed, clientClosed]).then(() =>
      this.drainEvents(),
    );
  }

  /**
   * Messages still being inflated when both sockets closed are read before the inflater goes:
   * closing it first would drop their deltas, and a record would lose its times.
   */
  private drainEvents(): Promise<void> {
    const events = this.events;
    if (!events) return Promise.resolve();
    return new Promise((resolve) =>
      events.whenDrained(() => {
        events.close();
        resolve();
      }),
    );
  }

  /**
   * The backend's socket closed. If it never sent a close frame, the client is told with a
   * 1011, as a server that fails mid-session would; then its side is closed too.
   */
  private onUpstreamGone(): void {
    const { client } = this.sockets;
    const silent = this.firstClose === null;
    this.closedBy('server', null);
    if (!client.writableEnded && !client.destroyed) {
      if (silent && this.events?.atBoundary)
        client.end(serverCloseFrame(1011, 'backend connection lost'));
      else client.end();
    }
    this.destroyLater();
  }

  /** The first side to close decides what the responses still running are recorded as. */
  private closedBy(
    side: 'client' | 'server' | 'gateway',
    code: number | null,
  ): void {
    if (this.firstClose !== null) return;
    this.firstClose = side;
    this.closeCode = code;
    const recorder = this.recorder;
    if (!recorder) return;
    const type: ErrorType =
      side === 'server' ? 'stream_interrupted' : 'client_disconnected';
    const message = this.closeMessage(side, code);
    // The server's events that came before the close are counted first.
    if (this.events) this.events.whenDrained(() => recorder.end(type, message));
    else recorder.end(type, message);
  }

  private closeMessage(side: string, code: number | null): string {
    const who =
      side === 'gateway'
        ? 'the gateway shut down'
        : `the ${side === 'server' ? 'backend' : side} closed`;
    return code === null
      ? `${who} the session without a close frame`
      : `${who} the session (${code})`;
  }

  private destroyLater(): void {
    const { client, upstream } = this.sockets;
    setTimeout(() => {
      client.destroy();
      upstream.destroy();
    }, CLOSE_TIMEOUT_MS).unref();
  }

  /** How the session ended, for the log line. */
  get closedFirstBy(): { side: string | null; code: number | null } {
    return { side: this.firstClose, code: this.closeCode };
  }
}
