import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

const withCode = (code: string, extra: object = {}) =>
  Object.assign(new Error(code), { code, ...extra });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a lost MySQL connection', withCode('PROTOCOL_CONNECTION_LOST')],
    ['a MySQL server shutting down', withCode('ER_SERVER_SHUTDOWN')],
    ['any fatal mysql2 error', withCode('ER_UNKNOWN', { fatal: true })],
    ['a SQLite file that cannot be opened', withCode('SQLITE_CANTOPEN')],
    ['an extended SQLite code', withCode('SQLITE_IOERR_READ')],
    [
      'a driver error wrapped by TypeORM',
      new QueryFailedError('SELECT 1', [], withCode('ECONNRESET')),
    ],
    ['a cause', new Error('outer', { cause: withCode('ETIMEDOUT') })],
    ['an error-shaped object', { code: 'ECONNREFUSED' }],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError('x is undefined')],
    ['a bad query', withCode('ER_PARSE_ERROR', { fatal: false })],
    ['a missing table', withCode('SQLITE_ERROR')],
    [
      'a bad query wrapped by TypeORM',
      new QueryFailedError('SELEC 1', [], withCode('ER_PARSE_ERROR')),
    ],
    ['a code that only looks alike', withCode('SQLITE_CANTOPENX')],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
