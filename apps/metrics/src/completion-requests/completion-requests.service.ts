import {
  BadRequestException,
  Injectable,
  StreamableFile,
} from '@nestjs/common';
import {
  RecordReader,
  type PageCursor,
  type RecordFilter,
  type RecordRow,
} from '@app/persistence';
import { toCompletionRequest } from './completion-request.mapper';
import type { CompletionRequestDto } from './dto/completion-request.dto';
import {
  tagFilters,
  type CompletionRequestsQueryDto,
} from './dto/completion-requests-query.dto';
import { ApiKeyNames } from '../common/api-key-names/api-key-names';
import { jsonArrayStream } from './json-array-stream';
import { nextPageHeaders } from './next-page-headers';

export interface CompletionRequestsAnswer {
  body: CompletionRequestDto[] | StreamableFile;
  headers: Record<string, string>;
}

@Injectable()
export class CompletionRequestsService {
  private readonly toDto: (row: RecordRow) => CompletionRequestDto;

  constructor(
    private readonly reader: RecordReader,
    names: ApiKeyNames,
  ) {
    this.toDto = (row) => toCompletionRequest(row, names);
  }

  /** A page when `limit` is given, else the whole window streamed; newest first either way. */
  async list(
    query: CompletionRequestsQueryDto,
    requestUrl: string,
  ): Promise<CompletionRequestsAnswer> {
    const filter: RecordFilter = {
      start: query.start,
      end: query.end,
      model: query.model,
      endpoint: query.endpoint,
      success: query.success,
      user: query.user,
      apiKeyId: query.api_key_id,
      tags: tagFilters(query.tag),
    };
    const after =
      query.before_id === undefined
        ? undefined
        : await this.cursorOf(query.before_id);
    if (query.limit === undefined) {
      return { body: await this.streamAll(filter, after), headers: {} };
    }
    return this.page(filter, query.limit, after, requestUrl);
  }

  private async cursorOf(id: number): Promise<PageCursor> {
    const cursor = await this.reader.cursorOf(id);
    if (!cursor) {
      throw new BadRequestException([
        `before_id ${id} does not match any recorded request`,
      ]);
    }
    return cursor;
  }

  /** One row beyond the page tells whether another page follows. */
  private async page(
    filter: RecordFilter,
    limit: number,
    after: PageCursor | undefined,
    requestUrl: string,
  ): Promise<CompletionRequestsAnswer> {
    const rows = await this.reader.page(filter, limit + 1, after);
    const body = rows.slice(0, limit).map(this.toDto);
    if (rows.length <= limit) return { body, headers: {} };
    return {
      body,
      headers: nextPageHeaders(requestUrl, body[limit - 1].id),
    };
  }

  /** The first batch is read before answering, so a database that is down still gets a 503. */
  private async streamAll(
    filter: RecordFilter,
    after: PageCursor | undefined,
  ): Promise<StreamableFile> {
    const batches = this.reader.stream(filter, after);
    const first = await batches.next();
    return new StreamableFile(jsonArrayStream(first, batches, this.toDto), {
      type: 'application/json; charset=utf-8',
    });
  }
}
