import {
  BadRequestException,
  Injectable,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';

/**
 * Names class-transformer skips when it builds a query DTO, so the ValidationPipe's check for
 * unknown parameters never sees them and `?__proto__=1` would be answered as if it were absent.
 */
const RESERVED = ['__proto__', 'constructor', 'prototype'];

/** Rejects those names with the same message as any other unknown parameter. */
@Injectable()
export class ReservedQueryKeysPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query' || typeof value !== 'object' || !value) {
      return value;
    }
    const reserved = RESERVED.filter((name) => Object.hasOwn(value, name));
    if (reserved.length > 0) {
      throw new BadRequestException(
        reserved.map((name) => `property ${name} should not exist`),
      );
    }
    return value;
  }
}
