import { loadEnvironment } from '@app/persistence';
import { attributionConfig } from './attribution.config';
import { GatewayEnvironment } from './gateway.environment';

const load = (environment: Record<string, string>) =>
  attributionConfig(loadEnvironment(GatewayEnvironment, environment));

describe('attributionConfig', () => {
  it('records users, without secret or files, by default', () => {
    expect(load({})).toEqual({
      recordUser: true,
      apiKeyHashSecret: undefined,
      apiKeyNamesFile: undefined,
      pricesFile: undefined,
    });
  });

  it('reads every key, and takes empty values as unset', () => {
    expect(
      load({
        RECORD_USER: 'false',
        API_KEY_HASH_SECRET: 'a-long-enough-secret',
        API_KEY_NAMES: '/etc/gateway/keys.yaml',
        PRICES_FILE: '',
      }),
    ).toEqual({
      recordUser: false,
      apiKeyHashSecret: 'a-long-enough-secret',
      apiKeyNamesFile: '/etc/gateway/keys.yaml',
      pricesFile: undefined,
    });
  });

  it('names every bad key', () => {
    const error = (() => {
      try {
        load({ RECORD_USER: 'nope', API_KEY_HASH_SECRET: 'short' });
      } catch (thrown) {
        return (thrown as Error).message;
      }
    })();
    expect(error).toMatch(/RECORD_USER/);
    expect(error).toMatch(/API_KEY_HASH_SECRET/);
  });
});
