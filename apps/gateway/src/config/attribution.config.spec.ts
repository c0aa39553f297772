import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { attributionConfig } from './attribution.config';
import { AttributionEnvironment } from './attribution.environment';

const KEYS = [
  'RECORD_USER',
  'API_KEY_HASH_SECRET',
  'API_KEY_NAMES',
  'PRICES_FILE',
];

function withEnvironment<T>(values: Record<string, string>, read: () => T): T {
  const saved = KEYS.map((key) => [key, process.env[key]] as const);
  for (const key of KEYS) delete process.env[key];
  Object.assign(process.env, values);
  try {
    return read();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

function problems(environment: Record<string, string>): string[] {
  const errors = validateSync(
    plainToInstance(AttributionEnvironment, environment),
  );
  return errors.map((error) => error.property);
}

describe('attributionConfig', () => {
  it('records users, without secret or files, by default', () => {
    expect(withEnvironment({}, () => attributionConfig())).toEqual({
      recordUser: true,
      apiKeyHashSecret: undefined,
      apiKeyNamesFile: undefined,
      pricesFile: undefined,
    });
  });

  it('reads every key, and takes empty values as unset', () => {
    const config = withEnvironment(
      {
        RECORD_USER: 'false',
        API_KEY_HASH_SECRET: 'a-long-enough-secret',
        API_KEY_NAMES: '/etc/gateway/keys.yaml',
        PRICES_FILE: '',
      },
      () => attributionConfig(),
    );
    expect(config).toEqual({
      recordUser: false,
      apiKeyHashSecret: 'a-long-enough-secret',
      apiKeyNamesFile: '/etc/gateway/keys.yaml',
      pricesFile: undefined,
    });
  });
});

describe('AttributionEnvironment', () => {
  it('accepts valid values and none at all', () => {
    expect(problems({})).toEqual([]);
    expect(
      problems({
        RECORD_USER: 'true',
        API_KEY_HASH_SECRET: '0123456789abcdef',
        PRICES_FILE: 'prices.json',
      }),
    ).toEqual([]);
  });

  it('names every bad key', () => {
    expect(
      problems({ RECORD_USER: 'nope', API_KEY_HASH_SECRET: 'short' }),
    ).toEqual(['RECORD_USER', 'API_KEY_HASH_SECRET']);
  });
});
