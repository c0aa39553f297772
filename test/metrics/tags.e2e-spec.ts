import { FIXTURE_NOW, FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface BadRequest {
  statusCode: number;
  message: string[];
}

describeEachDatabase('GET /metrics/tags on %s', (_kind, createDatabase) => {
  const api = useMetricsApp(createDatabase, {
    records: FIXTURE_RECORDS,
    now: FIXTURE_NOW,
  });

  const tags = async (query = '') => {
    const answer = await api.get<{
      window: object;
      names: { name: string; requests: number }[];
    }>(`/metrics/tags${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('lists the tag names, most requests first', async () => {
    // Even records carry team=search, the first env=prod too.
    await expect(tags()).resolves.toEqual({
      window: {},
      names: [
        { name: 'team', requests: 5 },
        { name: 'env', requests: 1 },
      ],
    });
  });

  it('counts only the window, cut mid-hour and mid-day', async () => {
    // Records 3 to 7 (2024-01-14T11:00Z to 2024-01-15T03:00Z): 3, 5 and 7 are tagged.
    await expect(
      tags('?start=2024-01-14T10:30:00Z&end=2024-01-15T03:30:00Z'),
    ).resolves.toEqual({
      window: {
        start: '2024-01-14T10:30:00.000Z',
        end: '2024-01-15T03:30:00.000Z',
      },
      names: [{ name: 'team', requests: 3 }],
    });
  });

  it('answers 400 naming a bad window', async () => {
    const answer = await api.get<BadRequest>('/metrics/tags?start=soon');
    expect(answer.status).toBe(400);
    expect(answer.body.message.join()).toContain('start');
  });
});
