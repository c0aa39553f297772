import { registerAs } from '@nestjs/config';

export const DEFAULT_SPOOL_DIR = './data/spool';
export const DEFAULT_SPOOL_MAX_BYTES = 1024 ** 3;

/**
 * Where the gateway spools each record before the database has it; every default is here.
 * `dir` is null when SPOOL_DIR=off: records then wait in memory only, as before the spool.
 */
export const spoolConfig = registerAs('spool', () => {
  const dir = process.env.SPOOL_DIR || DEFAULT_SPOOL_DIR;
  const maxBytes = process.env.SPOOL_MAX_BYTES;
  return {
    dir: dir === 'off' ? null : dir,
    /** Turned off on purpose, which is worth a warning: a crash loses what waits in memory. */
    off: dir === 'off',
    /** Whether the directory is the default one, which may sit on a read-only root. */
    isDefaultDir: !process.env.SPOOL_DIR,
    maxBytes: maxBytes ? Number(maxBytes) : DEFAULT_SPOOL_MAX_BYTES,
  };
});

export type SpoolConfig = ReturnType<typeof spoolConfig>;

/** No spool: what the apps that do not record, and SPOOL_DIR=off, get. */
export const NO_SPOOL: SpoolConfig = {
  dir: null,
  off: false,
  isDefaultDir: false,
  maxBytes: DEFAULT_SPOOL_MAX_BYTES,
};
