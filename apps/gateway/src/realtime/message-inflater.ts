import { constants, createInflateRaw, type InflateRaw } from 'node:zlib';

/** What permessage-deflate adds back to each message before inflating (RFC 7692 §7.2.2). */
const TRAILER = Buffer.from([0x00, 0x00, 0xff, 0xff]);

interface Job {
  data: Buffer;
  compressed: boolean;
  done: (inflated: Buffer | null) => void;
}

/**
 * Inflates one side's compressed messages in order. The sender's compression context usually
 * runs on from message to message, so every compressed message goes through one inflater,
 * one at a time; with `no_context_takeover` it is reset after each.
 */
export class MessageInflater {
  private readonly inflate: InflateRaw;
  private readonly queue: Job[] = [];
  private output: Buffer[] = [];
  private failed = false;

  constructor(
    private readonly resetEachMessage: boolean,
    private readonly maxBytes: number,
  ) {
    this.inflate = createInflateRaw({ windowBits: 15 });
    this.inflate.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.inflate.on('error', () => this.fail());
  }

  /**
   * Calls `done` with the message's bytes, or null once inflating has failed. Uncompressed
   * messages wait their turn too, so that messages come out in the order they went in.
   */
  push(
    data: Buffer,
    compressed: boolean,
    done: (inflated: Buffer | null) => void,
  ): void {
    if (this.failed) return done(null);
    this.queue.push({ data, compressed, done });
    if (this.queue.length === 1) this.next();
  }

  close(): void {
    this.failed = true;
    this.inflate.close();
  }

  private next(): void {
    const job = this.queue[0];
    if (!job) return;
    if (this.failed) {
      this.queue.shift();
      job.done(null);
      return this.next();
    }
    if (!job.compressed) {
      this.queue.shift();
      job.done(job.data);
      return this.next();
    }
    this.inflate.write(job.data);
    this.inflate.write(TRAILER);
    this.inflate.flush(constants.Z_SYNC_FLUSH, () => this.finish(job));
  }

  private finish(job: Job): void {
    // A failure has already answered every job.
    if (this.queue[0] !== job) return;
    const inflated = Buffer.concat(this.output);
    this.output = [];
    if (this.resetEachMessage) this.inflate.reset();
    this.queue.shift();
    job.done(this.failed || inflated.length > this.maxBytes ? null : inflated);
    this.next();
  }

  private fail(): void {
    this.failed = true;
    for (const job of this.queue.splice(0)) job.done(null);
  }
}
