export interface Answer {
  status: number;
  /** The X-Request-Id the gateway answered with. */
  requestId: string | null;
  /** A streamed answer reached `[DONE]`; a plain one carries its usage. */
  complete: boolean;
}

/** One chat completion; streamed ones are read to the end. */
export async function complete(
  base: string,
  requestId: string,
  stream: boolean,
): Promise<Answer> {
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({
      model: 'replica-test',
      messages: [{ role: 'user', content: requestId }],
      stream,
    }),
  });
  const body = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    complete: stream ? body.includes('data: [DONE]') : body.includes('"usage"'),
  };
}

/**
 * Sends one request per id, `concurrency` at a time, alternating between the gateways as a
 * round-robin balancer would; every other pair is streamed, so each gateway gets both kinds.
 */
export async function sendTraffic(
  gateways: { url: string }[],
  ids: string[],
  concurrency: number,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const gateway = gateways[index % gateways.length];
      answers[index] = await complete(gateway.url, ids[index], index % 4 < 2);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}
