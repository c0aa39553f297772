import { configFactory } from './config-factory';
import {
  DEFAULT_SPOOL_DIR,
  DEFAULT_SPOOL_MAX_BYTES,
  type SpoolEnvironment,
} from './spool.environment';

/**
 * Where the gateway spools each record before the database has it.
 * `dir` is null when SPOOL_DIR=off: records then wait in memory only, as before the spool.
 */
export const spoolConfig = configFactory(
  'spool',
  ({ SPOOL_DIR, SPOOL_MAX_BYTES }: SpoolEnvironment) => ({
    dir: SPOOL_DIR === 'off' ? null : (SPOOL_DIR ?? DEFAULT_SPOOL_DIR),
    /** Turned off on purpose, which is worth a warning: a crash loses what waits in memory. */
    off: SPOOL_DIR === 'off',
    /** Whether the directory is the default one, which may sit on a read-only root. */
    isDefaultDir: SPOOL_DIR === undefined,
    maxBytes: SPOOL_MAX_BYTES,
  }),
);

export type SpoolConfig = ReturnType<typeof spoolConfig>;

/** No spool: what the apps that do not record, and SPOOL_DIR=off, get. */
export const NO_SPOOL: SpoolConfig = {
  dir: null,
  off: false,
  isDefaultDir: false,
  maxBytes: DEFAULT_SPOOL_MAX_BYTES,
};
