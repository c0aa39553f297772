import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyFingerprinter } from './api-key-fingerprint';
import { stripGatewayHeaders } from './gateway-headers';
import { attributeRequest } from './request-attribution';

const RAW_KEY = 'sk-proj-THISMUSTNEVERAPPEAR-9f8e7d6c5b4a';

describe('attributeRequest', () => {
  const options = {
    recordUser: true,
    fingerprinter: new ApiKeyFingerprinter('secret'),
  };

  it('gathers user, key id and tags from one request', () => {
    const headers: IncomingHttpHeaders = {
      authorization: `Bearer ${RAW_KEY}`,
      'x-gateway-user': 'alice',
      'x-gateway-tag-team': 'search',
      'x-gateway-tag-no way': 'x',
    };
    const result = attributeRequest(headers, 'body-user', options);
    expect(result).toEqual({
      user: 'alice',
      userTruncated: false,
      apiKeyId: options.fingerprinter.fingerprint(RAW_KEY),
      tags: { team: 'search' },
      droppedTags: { badName: 1, badValue: 0, overLimit: 0 },
    });
  });

  it('never puts the raw key, or any part of it, in its output', () => {
    for (const headers of [
      { authorization: `Bearer ${RAW_KEY}` },
      { 'api-key': RAW_KEY },
      { authorization: `Bearer ${RAW_KEY}`, 'x-gateway-user': 'u'.repeat(300) },
    ]) {
      for (const recordUser of [true, false]) {
        const result = attributeRequest(headers, null, {
          ...options,
          recordUser,
        });
        const output = JSON.stringify(result);
        expect(output).not.toContain(RAW_KEY);
        expect(output).not.toContain(RAW_KEY.slice(8, 24));
        expect(result.apiKeyId).toMatch(/^[0-9a-f]{16}$/);
      }
    }
  });

  it('records no user when recording users is off, but still the key and tags', () => {
    const result = attributeRequest(
      {
        'x-gateway-user': 'alice',
        'x-gateway-tag-team': 'a',
        'api-key': RAW_KEY,
      },
      'bob',
      { ...options, recordUser: false },
    );
    expect(result.user).toBeNull();
    expect(result.apiKeyId).not.toBeNull();
    expect(result.tags).toEqual({ team: 'a' });
  });

  it('reads the gateway headers before they are stripped for the backend', () => {
    const headers: IncomingHttpHeaders = {
      'x-gateway-user': 'alice',
      'x-gateway-tag-team': 'search',
    };
    const result = attributeRequest(headers, null, options);
    stripGatewayHeaders(headers);
    expect(result.user).toBe('alice');
    expect(result.tags).toEqual({ team: 'search' });
    expect(headers).toEqual({});
  });
});
