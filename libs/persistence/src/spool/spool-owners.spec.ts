import { mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimOrphans, registerOwner, unregisterOwner } from './spool-owners';

const owner = (dir: string, id: string, pid: number, host = hostname()) =>
  writeFileSync(join(dir, `${id}.owner`), JSON.stringify({ pid, host }));

describe('spool owners', () => {
  let dir: string;
  let seq: number;
  const claim = (id = 'c1a1ed') =>
    claimOrphans(dir, id, () => `${id}-${++seq}.spool`).map(({ path }) =>
      path.slice(dir.length + 1),
    );

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spool-owners-'));
    seq = 0;
  });

  it('claims the segments of an owner that left no owner file, or whose pid is gone', () => {
    writeFileSync(join(dir, 'aaaa-1.spool'), 'x');
    writeFileSync(join(dir, 'bbbb-1.spool'), 'y');
    owner(dir, 'bbbb', 2 ** 22 + 12345); // above Linux's pid_max: never running
    expect(claim()).toEqual(['c1a1ed-1.spool', 'c1a1ed-2.spool']);
    expect(readdirSync(dir).sort()).toEqual([
      'c1a1ed-1.spool',
      'c1a1ed-2.spool',
    ]);
  });

  it('leaves a running owner on this host alone, and a live spool of this process', () => {
    writeFileSync(join(dir, 'aaaa-1.spool'), 'x');
    owner(dir, 'aaaa', process.ppid);
    writeFileSync(join(dir, 'bbbb-1.spool'), 'y');
    registerOwner(dir, 'bbbb');
    try {
      expect(claim()).toEqual([]);
    } finally {
      unregisterOwner('bbbb');
    }
    // Once closed, a spool of this process with segments left is an orphan (same pid).
    expect(claim()).toEqual(['c1a1ed-1.spool']);
  });

  it('waits a minute of silence before taking an owner on another host for dead', () => {
    writeFileSync(join(dir, 'aaaa-1.spool'), 'x');
    owner(dir, 'aaaa', 1, 'another-host');
    expect(claim()).toEqual([]);
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, 'aaaa.owner'), old, old);
    expect(claim()).toEqual(['c1a1ed-1.spool']);
  });

  it('gives each segment to one claimant', () => {
    writeFileSync(join(dir, 'aaaa-1.spool'), 'x');
    expect(claim('c1a1ed')).toHaveLength(1);
    owner(dir, 'c1a1ed', process.ppid);
    expect(claim('d2b2fe')).toEqual([]);
  });
});
