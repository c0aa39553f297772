import { QueryFailedError } from 'typeorm';

/**
 * Error codes that mean the database cannot be reached or cannot serve, as opposed to a query
 * that is wrong: sockets (Node), the MySQL client and server, and SQLite opening its file.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_HOST_IS_BLOCKED',
  'ER_HOST_NOT_PRIVILEGED',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_IOERR',
  'SQLITE_NOTADB',
]);

const MAX_DEPTH = 4;

interface ErrorLike {
  code?: unknown;
  fatal?: unknown;
  cause?: unknown;
  driverError?: unknown;
}

/**
 * Whether an error says the database is unavailable (worth a 503 and a retry). Errors are
 * read by shape, not by `instanceof Error`: those raised inside Node's sockets come from
 * another realm under Jest.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) {
    return false;
  }
  const { code, fatal, cause, driverError } = error as ErrorLike;
  // mysql2 flags errors that cost it the connection as fatal.
  if (fatal === true) return true;
  if (typeof code === 'string' && isUnavailableCode(code)) return true;
  // TypeORM wraps what the driver raised during a query.
  const inner = error instanceof QueryFailedError ? driverError : cause;
  return isDatabaseUnavailable(inner, depth + 1);
}

function isUnavailableCode(code: string): boolean {
  // SQLite extends its codes (SQLITE_IOERR_READ, SQLITE_BUSY_TIMEOUT...).
  const base = code.startsWith('SQLITE_')
    ? code.split('_').slice(0, 2).join('_')
    : code;
  return UNAVAILABLE_CODES.has(base);
}
