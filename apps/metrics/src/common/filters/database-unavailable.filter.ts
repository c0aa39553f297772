import {
  ArgumentsHost,
  Catch,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { isDatabaseUnavailable } from './database-errors';

const RETRY_AFTER_SECONDS = 5;

/**
 * Answers 503 with a plain message when the database is down or unreachable, instead of a
 * 500; every other error goes to Nest's own handling.
 */
@Catch()
export class DatabaseUnavailableFilter
  extends BaseExceptionFilter
  implements ExceptionFilter
{
  private readonly logger = new Logger(DatabaseUnavailableFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (!isDatabaseUnavailable(exception) || response.headersSent) {
      super.catch(exception, host);
      return;
    }
    this.logger.warn(`database unavailable: ${String(exception)}`);
    response
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
      .json({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly.',
      });
  }
}
