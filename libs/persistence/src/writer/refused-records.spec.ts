import { QueryFailedError } from 'typeorm';
import { isRefusedData } from './refused-records';

const wrapped = (driverError: object) =>
  new QueryFailedError(
    'INSERT ...',
    [],
    Object.assign(new Error('x'), driverError),
  );

describe('isRefusedData', () => {
  it.each([
    [
      'a MySQL NOT NULL',
      { sqlState: '23000', errno: 1048, code: 'ER_BAD_NULL_ERROR' },
    ],
    ['a MySQL value out of range', { sqlState: '22003', errno: 1264 }],
    ['a MySQL value too long', { sqlState: '22001', errno: 1406 }],
    ['a MariaDB incorrect value', { sqlState: 'HY000', errno: 1366 }],
    ['a MariaDB truncated value', { sqlState: '01000', errno: 1265 }],
    ['a SQLite NOT NULL', { code: 'SQLITE_CONSTRAINT_NOTNULL' }],
    ['a SQLite CHECK', { code: 'SQLITE_CONSTRAINT_CHECK' }],
    ['a SQLite type mismatch', { code: 'SQLITE_MISMATCH' }],
    ['a SQLite value over its limit', { code: 'SQLITE_TOOBIG' }],
  ])('says yes to %s, wrapped by TypeORM or not', (_name, shape) => {
    expect(isRefusedData(wrapped(shape))).toBe(true);
    expect(isRefusedData(Object.assign(new Error('x'), shape))).toBe(true);
  });

  it.each([
    ['a lost connection', { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }],
    ['a refused connection', { code: 'ECONNREFUSED', errno: -111 }],
    ['a MySQL deadlock', { sqlState: '40001', errno: 1213 }],
    ['a MySQL lock wait timeout', { sqlState: 'HY000', errno: 1205 }],
    ['a missing MySQL table', { sqlState: '42S02', errno: 1146 }],
    ['a missing SQLite table', { code: 'SQLITE_ERROR' }],
    ['a busy SQLite file', { code: 'SQLITE_BUSY' }],
    ['a full SQLite disk', { code: 'SQLITE_FULL' }],
  ])('says no to %s: a retry may pass', (_name, shape) => {
    expect(isRefusedData(wrapped(shape))).toBe(false);
  });

  it('says no to what is not an error', () => {
    expect(isRefusedData(undefined)).toBe(false);
    expect(isRefusedData('23000')).toBe(false);
  });
});
