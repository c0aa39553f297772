import type { RecordFilter } from '../records/record-query.types';
import type { SqlCondition } from './sql-types';

/**
 * The records a filter selects, as a condition without WHERE ('1 = 1' when it selects
 * everything), like every other condition of the store; `extra` terms are ANDed on.
 */
export function recordFilter(
  filter: RecordFilter,
  extra: string[] = [],
): SqlCondition {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, value: string | number) => {
    parts.push(sql);
    params.push(value);
  };
  if (filter.start) add('timestamp_ms >= ?', filter.start.getTime());
  if (filter.end) add('timestamp_ms < ?', filter.end.getTime());
  if (filter.model !== undefined) add('model = ?', filter.model);
  if (filter.endpoint !== undefined) add('endpoint = ?', filter.endpoint);
  if (filter.success !== undefined) add('success = ?', filter.success ? 1 : 0);
  if (filter.user !== undefined) add('user = ?', filter.user);
  if (filter.apiKeyId !== undefined) add('api_key_id = ?', filter.apiKeyId);
  for (const [name, value] of filter.tags ?? []) {
    // A semi-join the (name, value, record_id) index answers, one per tag: all must match.
    parts.push(
      'EXISTS (SELECT 1 FROM request_tags WHERE request_tags.record_id = request_records.id AND request_tags.name = ? AND request_tags.value = ?)',
    );
    params.push(name, value);
  }
  parts.push(...extra);
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
}
