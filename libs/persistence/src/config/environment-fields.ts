// Type() reads the design types reflect-metadata records, whichever entry point loads this.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** An environment as a process has it: every value a string, or absent. */
export type Environment = Record<string, string | undefined>;

const TRUE_SPELLINGS = ['true', '1', 'yes', 'on'];
const FALSE_SPELLINGS = ['false', '0', 'no', 'off'];

/** pino's levels, for LOG_LEVEL. */
export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** The spellings a boolean variable accepts, as the README lists them. */
export const BOOLEAN_SPELLINGS = [...TRUE_SPELLINGS, ...FALSE_SPELLINGS];

/** `true`/`false` for an accepted spelling (any case); anything else is left for the check to refuse. */
export function parseBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const spelling = value.trim().toLowerCase();
  if (TRUE_SPELLINGS.includes(spelling)) return true;
  if (FALSE_SPELLINGS.includes(spelling)) return false;
  return value;
}

/** A boolean variable: one of BOOLEAN_SPELLINGS, read the same way for every key. */
export function EnvBoolean(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => parseBoolean(value))(target, key);
    IsBoolean({
      message: `${String(key)} must be one of ${BOOLEAN_SPELLINGS.join(', ')} (any case)`,
    })(target, key);
  };
}

/** A whole-number variable between `min` and `max`. */
export function EnvInt(
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): PropertyDecorator {
  return (target, key) => {
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}
