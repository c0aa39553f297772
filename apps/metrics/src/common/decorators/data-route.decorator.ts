import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

/** The documentation every route over the records shares: its tag, the token, the outages. */
export function DataRoute(tag: string): ClassDecorator {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description:
        'METRICS_API_TOKEN is set and the bearer token is missing or wrong.',
    }),
    ApiServiceUnavailableResponse({
      description: 'The database is unavailable.',
    }),
  );
}
