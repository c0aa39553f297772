import { Injectable } from '@nestjs/common';
import { DatabaseConnector } from '../database-connector';
import { TAG_PREFIX } from '../rollups/breakdown-dimensions';
import { splitWindow } from '../rollups/rollup-buckets';
import {
  BREAKDOWN_BUCKET_MS,
  BREAKDOWN_TABLE,
} from '../rollups/rollup-columns';
import type { TagNameCount } from '../records/breakdown.types';
import type { TimeWindow } from '../records/record-query.types';
import { toNumberOrNull } from '../sql/numbers';

type Row = Record<string, unknown>;

/** The character after ':' in byte order: `tag:` dimensions sort between the two. */
const AFTER_TAGS = TAG_PREFIX.slice(0, -1) + ';';

/**
 * The tag names recorded in a window and how many requests carry each: a record has at most
 * one value per name, so the breakdown rollup's rows of a name add up to its requests. Whole
 * days from the rollup, the ragged ends from the records.
 */
@Injectable()
export class TagNamesReader {
  constructor(private readonly connector: DatabaseConnector) {}

  async names(window: TimeWindow): Promise<TagNameCount[]> {
    const db = await this.connector.get();
    const { buckets, edges } = splitWindow(window, BREAKDOWN_BUCKET_MS);
    const rows = await db.query<Row[]>(
      `SELECT name, SUM(requests) AS requests FROM (
        SELECT SUBSTR(dimension, ${TAG_PREFIX.length + 1}) AS name, requests
        FROM ${BREAKDOWN_TABLE}
        WHERE dimension >= ? AND dimension < ? AND ${buckets.sql}
        UNION ALL
        SELECT t.name AS name, COUNT(*) AS requests
        FROM request_records JOIN request_tags t ON t.record_id = request_records.id
        WHERE ${edges.sql} GROUP BY t.name
      ) named GROUP BY name ORDER BY requests DESC, name ASC`,
      [TAG_PREFIX, AFTER_TAGS, ...buckets.params, ...edges.params],
    );
    return rows.map((row) => ({
      name: String(row.name),
      requests: toNumberOrNull(row.requests) ?? 0,
    }));
  }
}
