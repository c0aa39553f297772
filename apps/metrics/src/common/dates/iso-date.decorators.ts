import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsDate,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { parseIsoDate } from './parse-iso-date';

/**
 * A query parameter holding an ISO 8601 date or date-time, turned into a Date; a value that
 * does not parse stays a string and fails with a message naming the parameter.
 */
export function IsIsoDate(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? (parseIsoDate(value) ?? value) : value,
    ),
    IsDate({
      message: ({ property }: ValidationArguments) =>
        `${property} must be an ISO 8601 date or date-time such as 2024-01-01, ` +
        `2024-01-01T00:00:00 (UTC), 2024-01-01T00:00:00Z or 2024-01-01T02:00:00+02:00`,
    }),
  );
}

/** The decorated date must not be later than the date in `other` (when both are set). */
export function IsNotAfter(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isNotAfter',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [other],
      options: {
        message: ({ property, value, object }: ValidationArguments) =>
          `${property} (${isoOf(value)}) must not be after ${other} ` +
          `(${isoOf((object as Record<string, unknown>)[other])})`,
      },
      validator: {
        validate(value: unknown, { object }: ValidationArguments): boolean {
          const limit = (object as Record<string, unknown>)[other];
          if (!(value instanceof Date) || !(limit instanceof Date)) return true;
          return value.getTime() <= limit.getTime();
        },
      },
    });
  };
}

function isoOf(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}
