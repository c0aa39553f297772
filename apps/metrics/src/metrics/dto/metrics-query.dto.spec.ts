import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MetricsQueryDto } from './metrics-query.dto';

const read = (query: Record<string, string>) => {
  const dto = plainToInstance(MetricsQueryDto, query);
  const messages = validateSync(dto, { stopAtFirstError: true }).flatMap(
    (error) => Object.values(error.constraints ?? {}),
  );
  return { dto, messages };
};

describe('MetricsQueryDto', () => {
  it('turns the dates into instants, UTC without an offset, and defaults top', () => {
    const { dto, messages } = read({
      start: '2024-01-01T00:00:00',
      end: '2024-01-01T02:00:00+01:00',
    });
    expect(messages).toEqual([]);
    expect(dto.start?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(dto.end?.toISOString()).toBe('2024-01-01T01:00:00.000Z');
    expect(dto.top).toBe(10);
  });

  it('reads top as a number', () => {
    expect(read({ top: '3' }).dto.top).toBe(3);
  });

  it('names the parameter of a date that does not parse', () => {
    expect(read({ end: '2024-02-30' }).messages).toEqual([
      expect.stringMatching(/^end must be an ISO 8601 date/),
    ]);
  });

  it('names both dates when start is after end', () => {
    expect(read({ start: '2024-01-02', end: '2024-01-01' }).messages).toEqual([
      'start (2024-01-02T00:00:00.000Z) must not be after end (2024-01-01T00:00:00.000Z)',
    ]);
  });

  it('reports a top that is not a number as such', () => {
    expect(read({ top: 'ten' }).messages).toEqual([
      'top must be an integer number',
    ]);
  });
});
