import type { RequestRecordEntity } from '@app/persistence';
import type { CapturedRequest } from '../fixtures/fake-openai-backend';
import type { RawRequest, RawResponse } from '../support/raw-http';
import { RECORDED_PATHS } from './fuzz-bodies';

/** One request of the fuzz and what came back (nothing when it failed on the client). */
export interface FuzzExchange {
  name: string;
  request: RawRequest;
  answer?: RawResponse;
}

type RecordSeen = Pick<RequestRecordEntity, 'requestId' | 'errorType'>;

const RECORDED = new Set<string>(RECORDED_PATHS);
/** The endpoints whose streamed requests the gateway asks for usage (INJECT_STREAM_USAGE). */
const USAGE_ASKED = new Set(['/v1/chat/completions', '/v1/completions']);
const INCLUDE_USAGE = '"stream_options":{"include_usage":true}';

const routeOf = (path: string) => path.split('?')[0].replace(/\/+$/, '');

/** A POST to a recorded route, however its path ends (node:http upper-cases the method). */
export const isInference = ({ method, path }: RawRequest): boolean =>
  method.toUpperCase() === 'POST' && RECORDED.has(routeOf(path));

/** The id the gateway answered with. */
const answerIdOf = (exchange: FuzzExchange): string | undefined =>
  exchange.answer?.headers['x-request-id'] as string | undefined;

/** A declared Content-Length longer than the body: the request stalls and is cut. */
export function stalls({ headers = {}, body }: RawRequest): boolean {
  const declared = headers['content-length'];
  return declared !== undefined && Number(declared) > (body?.length ?? 0);
}

/**
 * What Node's parser may refuse, before the gateway sees the request (raw bytes in the path)
 * or once it has it in hand (a wrong length, a junk Transfer-Encoding, an unknown Expect):
 * Node then answers 400 or 417 itself, and the gateway records a client_disconnected it
 * cannot name to the client.
 */
function badlyFramed(request: RawRequest): boolean {
  const { headers = {}, body, path } = request;
  if (/[^\x21-\x7e]/.test(path)) return true;
  const declared = headers['content-length'];
  const expect = headers.expect;
  return (
    headers['transfer-encoding'] !== undefined ||
    (declared !== undefined && Number(declared) !== (body?.length ?? 0)) ||
    (expect !== undefined && String(expect).toLowerCase() !== '100-continue')
  );
}

function countBy<T>(items: readonly T[], key: (item: T) => string) {
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  }
  return counts;
}

/**
 * One record per inference request, by the id the gateway answered with: none missing, none
 * doubled. Only a badly framed request may go unnamed, and then only as client_disconnected.
 */
export function recordProblems(
  exchanges: readonly FuzzExchange[],
  records: readonly RecordSeen[],
): string[] {
  const inference = exchanges.filter((e) => isInference(e.request));
  const problems = inference
    .filter((e) => !answerIdOf(e) && !badlyFramed(e.request))
    .map((e) => `${e.name}: answered ${e.answer?.status} without X-Request-Id`);
  const expected = countBy(inference.filter(answerIdOf), (e) => answerIdOf(e)!);
  const actual = countBy(records, (r) => r.requestId ?? '(none)');
  for (const [id, want] of expected) {
    const got = actual.get(id) ?? 0;
    if (got !== want)
      problems.push(`request id ${id}: ${want} sent, ${got} records`);
  }
  const answered = new Set(exchanges.map(answerIdOf));
  const unnamed = records.filter((r) => !answered.has(r.requestId ?? ''));
  const mayBeUnnamed = inference.filter((e) => !answerIdOf(e)).length;
  if (unnamed.length > mayBeUnnamed)
    problems.push(
      `${unnamed.length} records of no request answered with its id`,
    );
  for (const record of unnamed) {
    if (
      record.errorType !== 'client_disconnected' ||
      actual.get(record.requestId ?? '') !== 1
    )
      problems.push(
        `record ${record.requestId}: ${record.errorType}, of no known request`,
      );
  }
  return problems;
}

/** The JSON object a body holds, read as the gateway reads it (a BOM skipped); else undefined. */
function jsonObjectOf(text: string): { [key: string]: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { [key: string]: unknown })
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `seen` is `sent` asking for usage, for a streamed chat or completions request that
 * did not: the key spliced in after the opening brace, or the parsed body with it set.
 */
function asksForUsage(route: string, sent: string, seen: string): boolean {
  const payload = jsonObjectOf(sent);
  if (!USAGE_ASKED.has(route) || payload?.stream !== true) return false;
  const at = seen.indexOf(INCLUDE_USAGE);
  const spliced =
    seen.slice(0, at) + seen.slice(at + INCLUDE_USAGE.length).replace(/^,/, '');
  if (at >= 0 && spliced === sent) return true;
  const options = payload.stream_options;
  const kept =
    options && typeof options === 'object' && !Array.isArray(options)
      ? options
      : {};
  try {
    return (
      seen ===
      JSON.stringify({
        ...payload,
        stream_options: { ...kept, include_usage: true },
      })
    );
  } catch {
    return false;
  }
}

function bodyProblem(
  exchange: FuzzExchange,
  seen: CapturedRequest,
): string | undefined {
  const { body: sent = Buffer.alloc(0), path } = exchange.request;
  if (seen.body.equals(sent)) return undefined;
  if (
    asksForUsage(
      routeOf(path),
      sent.toString('utf8'),
      seen.body.toString('utf8'),
    )
  )
    return undefined;
  return `${exchange.name}: the backend got ${seen.body.length} bytes, not the ${sent.length} sent`;
}

/**
 * Whether the bytes given are the body HTTP carries: http-proxy drops the body of a DELETE
 * or OPTIONS without Content-Length, and badly framed bytes are cut wherever the parser says.
 */
function bodyIsDefined(request: RawRequest): boolean {
  return (
    ['POST', 'PUT', 'PATCH'].includes(request.method.toUpperCase()) &&
    !badlyFramed(request)
  );
}

/**
 * Each request the backend received, matched by request id to the one the fuzz sent, came
 * once and with the sent body (for a stream without usage, the same JSON asking for it).
 * `compared` counts the bodies checked, so that a run checking none shows.
 */
export function forwardedBodyProblems(
  exchanges: readonly FuzzExchange[],
  backendRequests: readonly CapturedRequest[],
): { problems: string[]; compared: number } {
  const byId = new Map<string, FuzzExchange[]>();
  for (const exchange of exchanges.filter(answerIdOf)) {
    const id = answerIdOf(exchange)!;
    byId.set(id, [...(byId.get(id) ?? []), exchange]);
  }
  const idOf = (seen: CapturedRequest) => String(seen.headers['x-request-id']);
  const problems: string[] = [];
  for (const [id, count] of countBy(backendRequests, idOf)) {
    const sent = byId.get(id)?.length ?? 0;
    if (sent > 0 && count > sent)
      problems.push(`request id ${id}: sent ${sent} times, forwarded ${count}`);
  }
  // Node may answer a badly framed request itself once it is on its way, without the id.
  const unnamed = backendRequests.filter((seen) => !byId.has(idOf(seen)));
  const mayBeUnnamed = exchanges.filter(
    (e) => !answerIdOf(e) && badlyFramed(e.request),
  ).length;
  if (unnamed.length > mayBeUnnamed)
    problems.push(
      `${unnamed.length} forwarded requests of no request answered with its id`,
    );
  let compared = 0;
  for (const seen of backendRequests) {
    const senders = byId.get(idOf(seen)) ?? [];
    // A shared client id leaves the match open.
    if (senders.length !== 1 || !bodyIsDefined(senders[0].request)) continue;
    compared++;
    const problem = bodyProblem(senders[0], seen);
    if (problem) problems.push(problem);
  }
  return { problems, compared };
}
