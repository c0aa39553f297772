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

/** The records of one request, found by its X-Request-Id. */
export async function recordFor(
  gateway: RunningGateway,
  requestId: string,
): Promise<RequestRecordEntity> {
  const matching = (await recordsOf(gateway)).filter(
    (r) => r.requestId === requestId,
  );
  if (matching.length !== 1) {
    throw new Error(
      `expected one record for ${requestId}, found ${matching.length}`,
    );
  }
  return matching[0];
}
