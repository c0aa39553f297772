import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import type { Endpoint, RequestRecordInput } from '@app/persistence';
import type { HeaderLabel } from '../config/telemetry.config';
import { LabelLimiter } from './label-limiter';

/** `gen_ai.operation.name` per endpoint, as the GenAI conventions name them. */
const OPERATIONS: Record<Endpoint, string> = {
  'chat.completions': 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  responses: 'responses',
};
const STATUS_CLASSES = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'];

interface BoundHeader extends HeaderLabel {
  limiter: LabelLimiter;
}

/**
 * Turns a record (and the request's allow-listed headers) into metric attributes, every
 * unbounded value through a limiter first, so the library only ever sees bounded sets.
 */
export class RecordAttributes {
  private readonly models: LabelLimiter;
  private readonly headers: BoundHeader[];

  constructor(modelLimit: number, headerLabels: HeaderLabel[]) {
    this.models = new LabelLimiter(modelLimit);
    this.headers = headerLabels.map((each) => ({
      ...each,
      limiter: new LabelLimiter(modelLimit),
    }));
  }

  of(record: RequestRecordInput, headers: IncomingHttpHeaders): Attributes {
    const status = record.statusCode;
    const attributes: Attributes = {
      'gen_ai.operation.name': OPERATIONS[record.endpoint],
      status_class:
        status === null
          ? 'none'
          : (STATUS_CLASSES[(status / 100) | 0] ?? 'none'),
    };
    if (record.model !== null)
      attributes['gen_ai.request.model'] = this.models.bound(record.model);
    if (record.errorType !== null) attributes['error.type'] = record.errorType;
    for (const { header, label, limiter } of this.headers) {
      const value = headers[header];
      if (typeof value === 'string') attributes[label] = limiter.bound(value);
    }
    return attributes;
  }

  /** The same attributes for one kind of token. */
  tokens(
    attributes: Attributes,
    type: 'input' | 'output',
    estimated: boolean,
  ): Attributes {
    return {
      ...attributes,
      'gen_ai.token.type': type,
      estimated: estimated ? 'true' : 'false',
    };
  }
}
