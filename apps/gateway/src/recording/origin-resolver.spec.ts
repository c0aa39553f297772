import { MAX_ORIGIN_LENGTH, resolveOrigin } from './origin-resolver';

describe('resolveOrigin', () => {
  it('prefers the host of Origin, keeping a non-default port', () => {
    expect(
      resolveOrigin({
        origin: 'http://LocalHost:5173',
        referer: 'https://other.example/page',
        'x-client-name': 'app',
        'user-agent': 'curl/8.5.0',
      }),
    ).toBe('localhost:5173');
  });

  it('drops the default port like URL.host does', () => {
    expect(resolveOrigin({ origin: 'https://chat.example.com:443' })).toBe(
      'chat.example.com',
    );
  });

  it.each([
    ['a "null" Origin', { origin: 'null' }],
    ['a malformed Origin', { origin: 'not a url' }],
    ['an Origin without host', { origin: 'file:///tmp/x.html' }],
  ])('falls back to Referer after %s', (_, headers) => {
    expect(
      resolveOrigin({ ...headers, referer: 'https://docs.example.org/a?b=c' }),
    ).toBe('docs.example.org');
  });

  it('falls back to X-Client-Name, trimmed and capped', () => {
    expect(
      resolveOrigin({ referer: '::bad::', 'x-client-name': '  my-app  ' }),
    ).toBe('my-app');
    expect(resolveOrigin({ 'x-client-name': 'x'.repeat(300) })?.length).toBe(
      MAX_ORIGIN_LENGTH,
    );
  });

  it('ignores a blank X-Client-Name', () => {
    expect(
      resolveOrigin({ 'x-client-name': '   ', 'user-agent': 'curl/8.5.0' }),
    ).toBe('curl/8.5.0');
  });

  it.each([
    ['OpenAI/JS 6.49.0', 'OpenAI/JS'],
    ['OpenAI/Python 1.99.1', 'OpenAI/Python'],
    ['curl/8.5.0', 'curl/8.5.0'],
    ['python-requests/2.32.3', 'python-requests/2.32.3'],
    ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0'],
    ['  node\tfetch', 'node'],
  ])('takes the product token of User-Agent %j', (agent, expected) => {
    expect(resolveOrigin({ 'user-agent': agent })).toBe(expected);
  });

  it('returns null when no header identifies the client', () => {
    expect(
      resolveOrigin({ 'user-agent': '  ', host: 'gateway:3000' }),
    ).toBeNull();
  });
});
