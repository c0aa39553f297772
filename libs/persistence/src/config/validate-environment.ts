import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Environment } from './environment-fields';

/**
 * Reads an environment into `schema`'s typed instance, once: each key converted by its
 * decorators, absent and empty keys left at the class's defaults. Throws with every bad key
 * named at once, so the app refuses to start.
 */
export function loadEnvironment<T extends object>(
  schema: ClassConstructor<T>,
  environment: Environment,
): T {
  const given = Object.fromEntries(
    Object.entries(environment).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const candidate = plainToInstance(schema, given);
  const errors = validateSync(candidate, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((error) =>
      Object.values(error.constraints ?? {}).map(
        (message) => `  - ${error.property}: ${message}`,
      ),
    );
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return candidate;
}

/** loadEnvironment bound to one schema, for callers that check an environment and discard it. */
export function environmentValidator<T extends object>(
  schema: ClassConstructor<T>,
): (environment: Environment) => T {
  return (environment) => loadEnvironment(schema, environment);
}
