import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * Builds the `validate` function for ConfigModule.forRoot: checks the environment against a
 * class-validator class and fails boot with every bad key named at once.
 */
export function environmentValidator<T extends object>(
  schema: ClassConstructor<T>,
): (config: Record<string, unknown>) => Record<string, unknown> {
  return (config) => {
    const candidate = plainToInstance(schema, config);
    const errors = validateSync(candidate, { skipMissingProperties: false });
    if (errors.length > 0) {
      const lines = errors.flatMap((error) =>
        Object.values(error.constraints ?? {}).map(
          (message) => `  - ${error.property}: ${message}`,
        ),
      );
      throw new Error(`Invalid environment:\n${lines.join('\n')}`);
    }
    return config;
  };
}
