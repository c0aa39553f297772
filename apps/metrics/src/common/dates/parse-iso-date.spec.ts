import { spawnSync } from 'node:child_process';
import { parseIsoDate } from './parse-iso-date';

const utc = (text: string) => new Date(text).getTime();

describe('parseIsoDate', () => {
  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-01-15T10:30', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T10:30:00', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T10:30:00.5', '2024-01-15T10:30:00.500Z'],
    ['2024-01-15T10:30:00.123456', '2024-01-15T10:30:00.123Z'],
    ['2024-01-15T10:30:00Z', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15t10:30:00z', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T12:30:00+02:00', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T12:30:00+0200', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T05:00:00-05:30', '2024-01-15T10:30:00.000Z'],
    ['2024-01-15T12:30:00 02:00', '2024-01-15T10:30:00.000Z'],
    ['2024-02-29T00:00:00', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseIsoDate(text)?.toISOString()).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '1705314600000',
    '2024-1-5',
    '2024-01-15T10',
    '2024-01-15 10:30:00',
    '2024-01-15Z',
    '2024-01-15T10:30:00.',
    '2024-01-15T10:30:00+2',
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-15T24:00:00',
    '2024-01-15T10:60:00',
    '2024-01-15T10:30:60',
    '2024-01-15T10:30:00+24:00',
    '2024-01-15T10:30:00+02:60',
  ])('rejects %j', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });

  it('reads a time without an offset as UTC in a process set to another zone', () => {
    // Jest keeps its own copy of process.env, so the zone has to be set on a fresh process.
    const script = `
      const { parseIsoDate } = require(${JSON.stringify(__dirname)} + '/parse-iso-date');
      console.log(JSON.stringify([
        new Date(2024, 0, 15).getTimezoneOffset(),
        parseIsoDate('2024-01-15T10:30:00').getTime(),
        parseIsoDate('2024-07-01').getTime(),
      ]));`;
    const child = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', script],
      { env: { ...process.env, TZ: 'America/New_York' }, encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual([
      300,
      utc('2024-01-15T10:30:00Z'),
      utc('2024-07-01T00:00:00Z'),
    ]);
  });
});
