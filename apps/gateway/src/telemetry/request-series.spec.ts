import type { RequestRecordInput } from '@app/persistence';
import { HistogramCell } from './histogram-cell';
import { RequestSeriesTable } from './request-series';

const settings = (modelLabelLimit: number, headerLabels = [] as never[]) => ({
  modelLabelLimit,
  headerLabels,
  ttftBucketsS: [1],
  providerName: 'openai',
});
const record = (over: Partial<RequestRecordInput>): RequestRecordInput =>
  ({
    endpoint: 'chat.completions',
    model: 'llama3.2',
    statusCode: 200,
    errorType: null,
    ...over,
  }) as RequestRecordInput;

describe('RequestSeriesTable', () => {
  it('finds the same series for the same labels, and labels it as the conventions do', () => {
    const table = new RequestSeriesTable(settings(10));
    const first = table.of(record({}), {});
    expect(table.of(record({}), {})).toBe(first);
    expect(first.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'llama3.2',
      status_class: '2xx',
    });
    const answered = table.of(record({ responseModel: 'llama3.2:3b' }), {});
    expect(answered).not.toBe(first);
    expect(answered.attributes['gen_ai.response.model']).toBe('llama3.2:3b');
    const failed = table.of(
      record({ statusCode: 429, errorType: 'rate_limit', model: null }),
      {},
    );
    expect(failed.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      status_class: '4xx',
      'error.type': 'rate_limit',
    });
    expect(table.all).toHaveLength(3);
  });

  it('bounds models and allow-listed headers, counting the rest as other', () => {
    const table = new RequestSeriesTable({
      ...settings(2),
      headerLabels: [{ header: 'x-team', label: 'team' }],
    });
    for (let i = 0; i < 50; i++)
      table.of(record({ model: `m${i}`, responseModel: `r${49 - i}` }), {
        'x-team': `t${i % 3}`,
      });
    const values = (label: string) =>
      new Set(table.all.map((s) => s.attributes[label]));
    expect(values('gen_ai.request.model')).toEqual(
      new Set(['m0', 'm1', 'other']),
    );
    // Its own budget: the first two answered models keep their names.
    expect(values('gen_ai.response.model')).toEqual(
      new Set(['r49', 'r48', 'other']),
    );
    expect(values('team')).toEqual(new Set(['t0', 't1', 'other']));
  });

  it('keeps token kinds apart', () => {
    const series = new RequestSeriesTable(settings(2)).of(record({}), {});
    expect(series.tokensOf('input', false)).toBe(
      series.tokensOf('input', false),
    );
    expect(series.tokensOf('output', true).attributes).toMatchObject({
      'gen_ai.token.type': 'output',
      estimated: 'true',
    });
  });
});

describe('HistogramCell', () => {
  it('counts a value equal to a bound in that bound’s bucket', () => {
    const cell = new HistogramCell([1, 2]);
    [0.5, 1, 1.5, 2, 3].forEach((v) => cell.record(v));
    expect(cell.snapshot()).toMatchObject({
      buckets: { boundaries: [1, 2], counts: [2, 2, 1] },
      sum: 8,
      count: 5,
      min: 0.5,
      max: 3,
    });
  });
});
