import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { SpooledRecord } from '../records/request-record.types';
import { readSegmentFile } from './segment-file';
import { SpoolDirError } from './spool-dir.error';
import { encodeRecord } from './spool-codec';
import {
  claimOrphans,
  newSpoolId,
  registerOwner,
  segmentName,
  touchOwner,
  unregisterOwner,
} from './spool-owners';
import { SpoolSegment } from './spool-segment';

/** A segment is sealed at this size, so that its file can be deleted once committed. */
const SEGMENT_MAX_BYTES = 8 * 1024 * 1024;

export type AppendResult = 'spooled' | 'full' | 'failed';

export interface SpoolStats {
  directory: string;
  bytes: number;
  segments: number;
  /** How long the oldest record not yet in the database has waited; 0 when none. */
  oldestAgeMs: number;
}

/**
 * The gateway's append-only record spool: one set of segment files per process in one
 * directory. Appends are synchronous writes without fsync, so a record is with the kernel
 * (and survives a crash of the process) before the turn that ended its response is over.
 */
export class Spool {
  readonly id = newSpoolId();
  private readonly segments: SpoolSegment[] = [];
  private active?: SpoolSegment;
  private seq = 0;
  private totalBytes = 0;
  /** Records held in memory, and records known to wait (those of claimed segments once read). */
  inMemory = 0;
  waitingRecords = 0;
  /** Set aside (memory only) after a failed write, until this time. */
  private pausedUntil = 0;

  private constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly onProblem: (message: string) => void,
  ) {}

  /** Opens a spool in `dir`, creating it; fails with the directory named when it is unwritable. */
  static open(
    dir: string,
    maxBytes: number,
    onProblem: (message: string) => void,
  ): Spool {
    const spool = new Spool(resolve(dir), maxBytes, onProblem);
    try {
      mkdirSync(spool.dir, { recursive: true });
      registerOwner(spool.dir, spool.id);
    } catch (error) {
      throw new SpoolDirError(spool.dir, error as NodeJS.ErrnoException);
    }
    return spool;
  }

  /** Appends a record; on `failed` or `full` it is not in the spool. */
  append(entry: SpooledRecord, keepInMemory: boolean): AppendResult {
    const line = Buffer.from(encodeRecord(entry));
    if (this.totalBytes + line.length > this.maxBytes) return 'full';
    const segment = this.writable();
    if (!segment) return 'failed';
    try {
      const written = writeSync(segment.fd as number, line);
      if (written < line.length) throw new Error('short write');
      segment.bytes += written;
      this.totalBytes += written;
    } catch (error) {
      this.writeFailed(segment, error as Error);
      return 'failed';
    }
    this.waitingRecords++;
    if (!keepInMemory) segment.spilled = true;
    else if (!segment.spilled) {
      segment.pending.push(entry);
      this.inMemory++;
    }
    return 'spooled';
  }

  /** The oldest segment with records waiting, its next ones read back from the file if needed. */
  next(): SpoolSegment | undefined {
    for (;;) {
      const segment = this.segments.find((s) => s.waiting);
      if (!segment || segment.pending.length > 0) return segment;
      this.readBack(segment);
    }
  }

  /** `count` of the segment's pending records are in the database. */
  committed(segment: SpoolSegment, count: number): void {
    segment.pending.splice(0, count);
    segment.committed += count;
    this.inMemory -= count;
    this.waitingRecords -= count;
    if (segment.done) this.remove(segment);
  }

  get hasWaiting(): boolean {
    return this.segments.some((s) => s.waiting);
  }

  /** Seals the active segment when it is all committed, or old, so its file can go. */
  rotate(maxAgeMs: number): void {
    const segment = this.active;
    if (!segment) return;
    if (segment.waiting && Date.now() - segment.createdAt < maxAgeMs) return;
    this.seal(segment);
    if (segment.done) this.remove(segment);
  }

  /** Takes over the segments dead processes left in the directory; returns how many. */
  claimOrphans(): number {
    touchOwner(this.dir, this.id);
    const claimed = claimOrphans(this.dir, this.id, () => this.nextName());
    for (const { path, bytes, mtimeMs } of claimed) {
      const segment = new SpoolSegment(path, null, bytes, mtimeMs);
      segment.counted = false;
      this.segments.unshift(segment);
      this.totalBytes += bytes;
    }
    return claimed.length;
  }

  stats(now = Date.now()): SpoolStats {
    const oldest = this.segments.find((s) => s.waiting);
    const pendingAt = oldest?.pending[0]?.record.timestamp.getTime();
    return {
      directory: this.dir,
      bytes: this.totalBytes,
      segments: this.segments.length,
      oldestAgeMs: oldest ? now - (pendingAt ?? oldest.createdAt) : 0,
    };
  }

  /** Closes the files; segments with records still waiting stay for the next start. */
  close(): void {
    if (this.active) this.seal(this.active);
    for (const segment of [...this.segments]) {
      if (segment.done) this.remove(segment);
    }
    rmSync(join(this.dir, `${this.id}.owner`), { force: true });
    unregisterOwner(this.id);
  }

  private writable(): SpoolSegment | undefined {
    const active = this.active;
    if (active && active.bytes < SEGMENT_MAX_BYTES) return active;
    if (active) this.seal(active);
    if (Date.now() < this.pausedUntil) return undefined;
    const path = join(this.dir, this.nextName());
    try {
      const fd = openSync(path, 'a');
      this.active = new SpoolSegment(path, fd, 0, Date.now());
      this.segments.push(this.active);
      return this.active;
    } catch (error) {
      this.pausedUntil = Date.now() + 1_000;
      this.onProblem(`cannot open spool segment ${path}: ${String(error)}`);
      return undefined;
    }
  }

  /** Drops what a failed write left half-written and seals the segment; retries in a second. */
  private writeFailed(segment: SpoolSegment, error: Error): void {
    this.onProblem(
      `writing to spool segment ${segment.path} failed (${error.message}); records are kept in memory`,
    );
    try {
      ftruncateSync(segment.fd as number, segment.bytes);
    } catch {
      // the segment is read back only up to its last whole record anyway
    }
    this.pausedUntil = Date.now() + 1_000;
    this.seal(segment);
    if (segment.done) this.remove(segment);
  }

  private seal(segment: SpoolSegment): void {
    if (segment.fd !== null) closeSync(segment.fd);
    segment.fd = null;
    if (this.active === segment) this.active = undefined;
  }

  private remove(segment: SpoolSegment): void {
    rmSync(segment.path, { force: true });
    this.segments.splice(this.segments.indexOf(segment), 1);
    this.totalBytes -= segment.bytes;
  }

  /** Reads a spilled segment's uncommitted records back; a bad tail is set aside. */
  private readBack(segment: SpoolSegment): void {
    this.seal(segment);
    const { records, bytes } = readSegmentFile(segment.path, this.onProblem);
    this.totalBytes -= segment.bytes - bytes;
    segment.bytes = bytes;
    segment.pending = records.slice(segment.committed);
    segment.spilled = false;
    this.inMemory += segment.pending.length;
    if (!segment.counted) this.waitingRecords += segment.pending.length;
    segment.counted = true;
    if (segment.done) this.remove(segment);
  }

  private nextName(): string {
    return segmentName(this.id, ++this.seq);
  }
}
