import type { RunningGateway } from './gateway-app';
import { DatabaseConnector, RequestRecordEntity } from '@app/persistence';

/** Every record the gateway has written so far, oldest first, after draining its writer. */
export async function recordsOf(
  gateway: RunningGateway,
): Promise<RequestRecordEntity[]> {
  await gateway.writer.flush();
  const db = await gateway.app.get(DatabaseConnector).get();
  return db.getRepository(RequestRecordEntity).find({ order: { id: 'ASC' } });
}

/**
 * The record of one request, found by its X-Request-Id. A response cut short reaches the
 * client before the gateway's own close handlers run, so a missing record is waited for.
 */
export async function recordFor(
  gateway: RunningGateway,
  requestId: string,
  timeoutMs = 5_000,
): Promise<RequestRecordEntity> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = (await recordsOf(gateway)).filter(
      (r) => r.requestId === requestId,
    );
    if (matching.length === 1) return matching[0];
    if (matching.length > 1 || Date.now() > deadline) {
      throw new Error(
        `expected one record for ${requestId}, found ${matching.length}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
