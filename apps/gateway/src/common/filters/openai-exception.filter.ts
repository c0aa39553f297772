import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { sendOpenAiError } from '../../proxy/openai-error';

/**
 * What the gateway answers itself rather than proxies (a path outside /v1/, a /v1/ path whose
 * escapes do not decode, which Express refuses before routing) goes out in the error shape
 * OpenAI clients parse, like its 413, 502 and 504.
 */
@Catch()
export class OpenAiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(OpenAiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (!(exception instanceof HttpException)) {
      this.logger.error(
        exception instanceof Error ? exception.stack : String(exception),
      );
      sendOpenAiError(res, 500, 'internal error', 'server_error', 'internal');
      return;
    }
    const status = exception.getStatus();
    const type = status < 500 ? 'invalid_request_error' : 'server_error';
    // NOT_FOUND becomes not_found, as OpenAI spells its codes.
    const code = (HttpStatus[status] ?? 'error').toLowerCase();
    sendOpenAiError(res, status, exception.message, type, code);
  }
}
