import { nextPageHeaders } from './next-page-headers';

describe('nextPageHeaders', () => {
  it('keeps every parameter and sets before_id', () => {
    const headers = nextPageHeaders(
      '/completion_requests?limit=3&model=gpt-4&start=2024-01-01T00%3A00%3A00%2B02%3A00',
      42,
    );
    expect(headers['X-Next-Before-Id']).toBe('42');
    const link = /^<([^>]+)>; rel="next"$/.exec(headers.Link)?.[1] ?? '';
    const next = new URL(link, 'http://host/completion_requests?limit=3');
    expect(next.pathname).toBe('/completion_requests');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      limit: '3',
      model: 'gpt-4',
      start: '2024-01-01T00:00:00+02:00',
      before_id: '42',
    });
  });

  it('replaces a before_id already there', () => {
    const { Link } = nextPageHeaders(
      '/completion_requests?before_id=9&limit=2',
      5,
    );
    expect(Link).toBe('<completion_requests?before_id=5&limit=2>; rel="next"');
  });

  it('resolves under the path prefix a reverse proxy adds', () => {
    const { Link } = nextPageHeaders('/completion_requests?limit=2', 5);
    const link = /^<([^>]+)>/.exec(Link)?.[1] ?? '';
    const seen =
      'https://ops.example.com/llm-metrics/completion_requests?limit=2';
    expect(new URL(link, seen).href).toBe(
      'https://ops.example.com/llm-metrics/completion_requests?limit=2&before_id=5',
    );
  });
});
