import { readFileSync, writeFileSync } from 'node:fs';
import type { SpooledRecord } from '../records/request-record.types';
import { decodeSegment } from './spool-codec';

export interface SegmentContents {
  records: SpooledRecord[];
  /** The file's size once a bad tail is set aside. */
  bytes: number;
}

/**
 * Reads a segment's records up to its last whole one; what follows (a write cut short by a
 * crash or a full disk, or garbage) is moved to `<path>.corrupt` and reported. An unreadable
 * file is reported and read as empty.
 */
export function readSegmentFile(
  path: string,
  onProblem: (message: string) => void,
): SegmentContents {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    onProblem(`spool segment ${path} unreadable: ${String(error)}`);
    return { records: [], bytes: 0 };
  }
  const { records, validBytes } = decodeSegment(data);
  if (validBytes < data.length) {
    const aside = `${path}.corrupt`;
    writeFileSync(aside, data.subarray(validBytes));
    writeFileSync(path, data.subarray(0, validBytes));
    onProblem(
      `spool segment ${path}: ${data.length - validBytes} bytes after its last whole record set aside in ${aside}`,
    );
  }
  return { records, bytes: validBytes };
}
