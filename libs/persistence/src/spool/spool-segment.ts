import type { SpooledRecord } from '../records/request-record.types';

/**
 * One segment file of the spool and how far its records are committed. Records are committed
 * in the order they were appended: `pending` holds the next ones in memory, and when
 * `spilled` the ones after them are in the file only (memory was full, or the segment was
 * left by another process) and are read back once `pending` is used up.
 */
export class SpoolSegment {
  bytes: number;
  committed = 0;
  pending: SpooledRecord[] = [];
  spilled: boolean;
  /** Whether its records are in the spool's count of waiting ones (a claimed one's, once read). */
  counted = true;

  constructor(
    readonly path: string,
    /** Open while records are appended; null once sealed. */
    public fd: number | null,
    bytes: number,
    /** When its oldest record was written (the file's time for a claimed one). */
    readonly createdAt: number,
  ) {
    this.bytes = bytes;
    this.spilled = fd === null;
  }

  get sealed(): boolean {
    return this.fd === null;
  }

  /** Sealed with every record committed: the file can go. */
  get done(): boolean {
    return this.sealed && !this.spilled && this.pending.length === 0;
  }

  /** Whether records of it wait for the database. */
  get waiting(): boolean {
    return this.spilled || this.pending.length > 0;
  }
}
