/** SPOOL_DIR cannot be used; `readOnly` when the file system is (no volume mounted). */
export class SpoolDirError extends Error {
  readonly readOnly: boolean;

  constructor(dir: string, cause: NodeJS.ErrnoException) {
    super(
      `SPOOL_DIR ${dir} is not writable (${cause.code ?? cause.message}): ` +
        'mount a writable volume there, point SPOOL_DIR elsewhere, or set SPOOL_DIR=off',
    );
    this.readOnly = cause.code === 'EROFS';
  }
}
