import type {
  RequestRecordInput,
  SpooledRecord,
} from '../records/request-record.types';

const NEWLINE = 0x0a;

/**
 * One record as a spool line: `[uid, record]` in JSON and a newline. A line is whole only with
 * its newline, so a write cut short by a crash or a full disk is told from a whole record.
 */
export function encodeRecord({ uid, record }: SpooledRecord): string {
  return JSON.stringify([uid, record]) + '\n';
}

export interface DecodedSegment {
  records: SpooledRecord[];
  /** Bytes up to the end of the last whole record; what follows is cut short or garbage. */
  validBytes: number;
}

/** The records of a segment up to the first line that is not a whole record. */
export function decodeSegment(data: Buffer): DecodedSegment {
  const records: SpooledRecord[] = [];
  let start = 0;
  while (start < data.length) {
    const end = data.indexOf(NEWLINE, start);
    if (end < 0) break;
    const entry = parseLine(data.toString('utf8', start, end));
    if (!entry) break;
    records.push(entry);
    start = end + 1;
  }
  return { records, validBytes: start };
}

function parseLine(line: string): SpooledRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [uid, fields] = value as [unknown, unknown];
  if (typeof uid !== 'string' || typeof fields !== 'object' || !fields)
    return null;
  const record = fields as Omit<RequestRecordInput, 'timestamp'> & {
    timestamp: string;
  };
  const timestamp = new Date(record.timestamp);
  if (typeof record.endpoint !== 'string' || Number.isNaN(timestamp.getTime()))
    return null;
  return { uid, record: { ...record, timestamp, tags: tagsOf(record.tags) } };
}

/**
 * A record spooled before tags existed has none; a value that is not an object of strings is
 * not trusted either (the writer would store it as text).
 */
function tagsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {};
  const entries = Object.entries(value);
  return entries.every(([, tag]) => typeof tag === 'string')
    ? (value as Record<string, string>)
    : {};
}
