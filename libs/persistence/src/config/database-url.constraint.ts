import {
  ValidatorConstraint,
  ValidatorConstraintInterface,
  ValidationArguments,
} from 'class-validator';
import { parseDatabaseUrl } from './database-url';

@ValidatorConstraint({ name: 'databaseUrl' })
export class DatabaseUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      parseDatabaseUrl(value);
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(args: ValidationArguments): string {
    try {
      parseDatabaseUrl(String(args.value));
      return 'DATABASE_URL is invalid';
    } catch (error) {
      return (error as Error).message;
    }
  }
}
