import type { IncomingHttpHeaders } from 'node:http';
import {
  attributeRequest,
  withBodyUser,
  type AttributionOptions,
  type RequestAttribution,
} from './request-attribution';
import { droppedCount } from './request-tags';

/** What a record gains from its attribution. */
export interface AttributedFields {
  user: string | null;
  apiKeyId: string | null;
  tags: Record<string, string>;
}

/** What the log line tells of it: counts and flags, never names or values. */
export interface AttributionNotes {
  userTruncated: boolean;
  droppedTags: number;
}

/**
 * Who sent one request: read from its headers on arrival (they are stripped before it is
 * forwarded), then from its body's user once the body has been read, if the headers named none.
 */
export class ExchangeAttribution {
  private attribution: RequestAttribution;

  constructor(
    headers: IncomingHttpHeaders,
    private readonly options: AttributionOptions,
  ) {
    this.attribution = attributeRequest(headers, null, options);
  }

  bodyUser(user: string | null): void {
    this.attribution = withBodyUser(this.attribution, user, this.options);
  }

  fields(): AttributedFields {
    const { user, apiKeyId, tags } = this.attribution;
    return { user, apiKeyId, tags };
  }

  notes(): AttributionNotes {
    return {
      userTruncated: this.attribution.userTruncated,
      droppedTags: droppedCount(this.attribution.droppedTags),
    };
  }
}
