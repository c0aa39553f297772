import type { ValueProvider } from '@nestjs/common';

/**
 * One concern's settings, built from the validated environment, with the injection token it is
 * provided under. `ConfigType<typeof factory>` is its type, as with @nestjs/config's registerAs,
 * whose factories take no argument and so would have to read process.env themselves.
 */
export type ConfigFactory<E, T> = ((environment: E) => T) & { KEY: string };

export function configFactory<E, T>(
  name: string,
  build: (environment: E) => T,
): ConfigFactory<E, T> {
  return Object.assign(build, { KEY: `CONFIGURATION(${name})` });
}

/** The provider of a concern's settings for a validated environment. */
export function configProvider<E, T>(
  factory: ConfigFactory<E, T>,
  environment: E,
): ValueProvider<T> {
  return { provide: factory.KEY, useValue: factory(environment) };
}
