import {
  Controller,
  Get,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse } from '@nestjs/swagger';
import { DataRoute } from '../common/decorators/data-route.decorator';
import type { Request, Response } from 'express';
import { CompletionRequestsService } from './completion-requests.service';
import { CompletionRequestDto } from './dto/completion-request.dto';
import { CompletionRequestsQueryDto } from './dto/completion-requests-query.dto';

@DataRoute('completion requests')
@Controller('completion_requests')
export class CompletionRequestsController {
  constructor(private readonly requests: CompletionRequestsService) {}

  /**
   * The recorded requests, newest first.
   *
   * @remarks Without limit, the whole window is streamed as one JSON array. With limit, one
   * page; when more follow, the Link (rel="next") and X-Next-Before-Id headers carry the
   * cursor to pass as before_id.
   */
  @Get()
  @ApiOkResponse({
    type: CompletionRequestDto,
    isArray: true,
    headers: {
      Link: {
        description: 'With limit, when more requests follow: the next page.',
        schema: {
          type: 'string',
          example: '<completion_requests?limit=100&before_id=1134>; rel="next"',
        },
      },
      'X-Next-Before-Id': {
        description:
          'With limit, when more requests follow: the next before_id.',
        schema: { type: 'integer', example: 1134 },
      },
    },
  })
  @ApiBadRequestResponse({
    description:
      'A parameter is invalid, or before_id is unknown; the message names it.',
  })
  async list(
    @Query() query: CompletionRequestsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CompletionRequestDto[] | StreamableFile> {
    const { body, headers } = await this.requests.list(
      query,
      request.originalUrl,
    );
    response.set(headers);
    return body;
  }
}
