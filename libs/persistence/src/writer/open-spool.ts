import type { Logger } from '@nestjs/common';
import type { SpoolConfig } from '../config/spool.config';
import { Spool } from '../spool/spool';
import { SpoolDirError } from '../spool/spool-dir.error';

/**
 * The spool SPOOL_DIR names, or none (with a warning) when it is `off` or when the default
 * directory sits on a read-only file system (a container without a volume). Any other
 * directory that cannot be written stops the start with the directory named.
 */
export function openSpool(
  config: SpoolConfig,
  logger: Logger,
): Spool | undefined {
  const warnMemoryOnly = (why: string) =>
    logger.warn(
      `${why}: records wait for the database in memory only, and a crash loses them`,
    );
  if (!config.dir) {
    if (config.off) warnMemoryOnly('SPOOL_DIR=off');
    return undefined;
  }
  try {
    const spool = Spool.open(config.dir, config.maxBytes, (message) =>
      logger.error(message),
    );
    const claimed = spool.claimOrphans();
    if (claimed > 0)
      logger.warn(
        `replaying ${claimed} spool segments left by a stopped gateway in ${spool.dir}`,
      );
    return spool;
  } catch (error) {
    if (
      error instanceof SpoolDirError &&
      error.readOnly &&
      config.isDefaultDir
    ) {
      warnMemoryOnly(error.message);
      return undefined;
    }
    throw error;
  }
}
