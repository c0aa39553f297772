import { randomBytes } from 'node:crypto';
import {
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** An owner that has not touched its file for this long is taken for dead. */
const STALE_OWNER_MS = 60_000;
const SEGMENT = /^([0-9a-f]+)-(\d+)\.spool$/;

/** Spools open in this process: a test or an app may open several on one directory. */
const LIVE_IDS = new Set<string>();

interface OwnerFile {
  pid: number;
  host: string;
}

export const newSpoolId = (): string => randomBytes(6).toString('hex');

export const segmentName = (id: string, seq: number): string =>
  `${id}-${seq}.spool`;

const ownerPath = (dir: string, id: string) => join(dir, `${id}.owner`);

/**
 * Says which process writes the segments named after `id`. Writing it is also the start-up
 * check that the directory is writable.
 */
export function registerOwner(dir: string, id: string): void {
  const owner: OwnerFile = { pid: process.pid, host: hostname() };
  writeFileSync(ownerPath(dir, id), JSON.stringify(owner));
  LIVE_IDS.add(id);
}

/** Marks the owner alive for the processes sharing the directory. */
export function touchOwner(dir: string, id: string): void {
  const now = new Date();
  utimesSync(ownerPath(dir, id), now, now);
}

export function unregisterOwner(id: string): void {
  LIVE_IDS.delete(id);
}

/**
 * Whether the process that wrote `id`'s segments is gone: no owner file (it shut down), or on
 * this host a pid that is not running or is ours (a restarted container is pid 1 again), or
 * elsewhere an owner file nobody touched for a minute.
 */
function isOrphan(dir: string, id: string, now: number): boolean {
  if (LIVE_IDS.has(id)) return false;
  try {
    const path = ownerPath(dir, id);
    const owner = JSON.parse(readFileSync(path, 'utf8')) as OwnerFile;
    if (owner.host !== hostname()) {
      return now - statSync(path).mtimeMs > STALE_OWNER_MS;
    }
    return owner.pid === process.pid || !isRunning(owner.pid);
  } catch {
    return true;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ClaimedSegment {
  path: string;
  bytes: number;
  mtimeMs: number;
}

/**
 * Takes over the segments of dead owners by renaming each to one of `id`'s names: a rename is
 * atomic, so when several processes claim at once each segment goes to exactly one.
 */
export function claimOrphans(
  dir: string,
  id: string,
  nextName: () => string,
): ClaimedSegment[] {
  const now = Date.now();
  const claimed: ClaimedSegment[] = [];
  for (const name of readdirSync(dir).sort()) {
    const dead = /^([0-9a-f]+)\.owner$/.exec(name)?.[1];
    if (dead && dead !== id && isOrphan(dir, dead, now)) {
      rmSync(join(dir, name), { force: true });
      continue;
    }
    const owner = SEGMENT.exec(name)?.[1];
    if (!owner || owner === id || !isOrphan(dir, owner, now)) continue;
    const path = join(dir, nextName());
    try {
      renameSync(join(dir, name), path);
    } catch {
      continue; // another process claimed it first
    }
    const { size, mtimeMs } = statSync(path);
    claimed.push({ path, bytes: size, mtimeMs });
  }
  return claimed;
}
