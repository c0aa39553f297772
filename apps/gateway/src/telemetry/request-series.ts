import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import type { Endpoint, RequestRecordInput } from '@app/persistence';
import type { HeaderLabel, TelemetryConfig } from '../config/telemetry.config';
import { HistogramCell } from './histogram-cell';
import { LabelLimiter } from './label-limiter';
import { BUCKETS } from './metric-names';

/**
 * `gen_ai.operation.name` per endpoint, as the GenAI conventions name them. They have no
 * operation for Realtime sessions; the conventions allow a custom value, and `realtime` keeps
 * its per-response records (audio, times measured from `response.created`) out of `chat`'s
 * histograms, whose dashboards and alerts assume chat completions.
 */
const OPERATIONS: Record<Endpoint, string> = {
  'chat.completions': 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  responses: 'responses',
  realtime: 'realtime',
};
const STATUS_CLASSES = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'];
export type TokenType = 'input' | 'output';

/** The tokens of one kind (type, estimated or not) within a series. */
export class TokenSeries {
  total = 0;
  readonly usage = new HistogramCell(BUCKETS.tokens);

  constructor(readonly attributes: Attributes) {}
}

/** Everything counted for one combination of labels. */
export class RequestSeries {
  requests = 0;
  costUsd = 0;
  unpriced = 0;
  readonly duration = new HistogramCell(BUCKETS.durationS);
  readonly timeToFirstToken: HistogramCell;
  readonly timePerOutputToken = new HistogramCell(BUCKETS.timePerTokenS);
  /** input, input estimated, output, output estimated; made when first counted. */
  readonly tokens: (TokenSeries | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
  ];

  constructor(
    readonly attributes: Attributes,
    ttftBucketsS: readonly number[],
  ) {
    this.timeToFirstToken = new HistogramCell(ttftBucketsS);
  }

  tokensOf(type: TokenType, estimated: boolean): TokenSeries {
    const index = (type === 'input' ? 0 : 2) + (estimated ? 1 : 0);
    return (this.tokens[index] ??= new TokenSeries({
      ...this.attributes,
      'gen_ai.token.type': type,
      estimated: estimated ? 'true' : 'false',
    }));
  }
}

interface Node {
  children: Map<string, Node>;
  series?: RequestSeries;
}

/** What the table is built from: the telemetry settings it uses. */
export type SeriesSettings = Pick<
  TelemetryConfig,
  'modelLabelLimit' | 'headerLabels' | 'ttftBucketsS' | 'providerName'
>;

/**
 * The series of the request metrics, found through one Map per label: no key is built and
 * nothing is allocated for a label set seen before. Unbounded values (the model asked for, the
 * model answered, headers) each go through their own limiter first, so there are never more than
 * limit + 1 values of each label.
 */
export class RequestSeriesTable {
  readonly all: RequestSeries[] = [];
  private readonly root: Node = { children: new Map() };
  private readonly models: LabelLimiter;
  private readonly responseModels: LabelLimiter;
  private readonly headers: (HeaderLabel & { limiter: LabelLimiter })[];

  constructor(private readonly settings: SeriesSettings) {
    const limit = settings.modelLabelLimit;
    this.models = new LabelLimiter(limit);
    this.responseModels = new LabelLimiter(limit);
    this.headers = settings.headerLabels.map((each) => ({
      ...each,
      limiter: new LabelLimiter(limit),
    }));
  }

  of(record: RequestRecordInput, headers: IncomingHttpHeaders): RequestSeries {
    const status = record.statusCode;
    const statusClass =
      status === null ? 'none' : (STATUS_CLASSES[(status / 100) | 0] ?? 'none');
    const model = record.model === null ? '' : this.models.bound(record.model);
    const answered = record.responseModel ?? null;
    const responseModel =
      answered === null ? '' : this.responseModels.bound(answered);
    let node = childOf(this.root, record.endpoint);
    node = childOf(node, statusClass);
    node = childOf(node, record.errorType ?? '');
    node = childOf(node, model);
    node = childOf(node, responseModel);
    for (const { header, limiter } of this.headers) {
      const value = headers[header];
      node = childOf(
        node,
        typeof value === 'string' ? limiter.bound(value) : '',
      );
    }
    return (node.series ??= this.create(
      record,
      [statusClass, model, responseModel],
      headers,
    ));
  }

  /** Only for a label set not seen before: allocating here costs nothing per request. */
  private create(
    record: RequestRecordInput,
    [statusClass, model, responseModel]: [string, string, string],
    headers: IncomingHttpHeaders,
  ): RequestSeries {
    const attributes: Attributes = {
      'gen_ai.operation.name': OPERATIONS[record.endpoint],
      'gen_ai.provider.name': this.settings.providerName,
      status_class: statusClass,
    };
    if (model !== '') attributes['gen_ai.request.model'] = model;
    if (responseModel !== '')
      attributes['gen_ai.response.model'] = responseModel;
    if (record.errorType !== null) attributes['error.type'] = record.errorType;
    for (const { header, label, limiter } of this.headers) {
      const value = headers[header];
      if (typeof value === 'string') attributes[label] = limiter.bound(value);
    }
    const series = new RequestSeries(attributes, this.settings.ttftBucketsS);
    this.all.push(series);
    return series;
  }
}

function childOf(node: Node, value: string): Node {
  let child = node.children.get(value);
  if (!child) {
    child = { children: new Map() };
    node.children.set(value, child);
  }
  return child;
}
