// The rows retention removes: log records whose trace is gone, and whole traces, oldest healthy ones first
// and those with errors last. Each deletion hands back the payload bytes it freed, per segment.
import { deleteAgentMatches } from './agent-matches';
import type { Sql } from './sql';

/** Record bytes freed, per segment id. */
export type Freed = Array<[seg: number, bytes: number]>;

/** The next traces to evict, in eviction order. */
export function oldestTraces(sql: Sql, limit = 64): Array<{ trace: number; traceId: string }> {
  return sql.all('SELECT id, trace_id FROM traces ORDER BY (error_count > 0), start_ns LIMIT ?', [limit])
    .map(([id, traceId]) => ({ trace: Number(id), traceId: String(traceId) }));
}

/** Up to `limit` of the oldest log records that belong to no stored trace. */
export function deleteOrphanLogs(sql: Sql, limit: number): Freed {
  const orphans = sql.all(`SELECT id, seg, len FROM logs
     WHERE trace_id IS NULL OR NOT EXISTS (SELECT 1 FROM traces WHERE traces.trace_id = logs.trace_id)
     ORDER BY id LIMIT ?`, [limit]);
  for (const [id] of orphans) sql.run('DELETE FROM logs WHERE id = ?', [id!]);
  return orphans.map(([, seg, len]) => [Number(seg), Number(len)]);
}

/** A trace's spans, logs and rollup row. */
export function deleteTraceRows(sql: Sql, trace: number, traceId: string): Freed {
  const freed = sql.all(`SELECT seg, SUM(len) FROM (SELECT seg, len FROM spans WHERE trace = ?
      UNION ALL SELECT seg, len FROM logs WHERE trace_id = ?) GROUP BY seg`, [trace, traceId])
    .map(([seg, bytes]): [number, number] => [Number(seg), Number(bytes)]);
  sql.run('DELETE FROM spans WHERE trace = ?', [trace]);
  sql.run('DELETE FROM logs WHERE trace_id = ?', [traceId]);
  sql.run('DELETE FROM traces WHERE id = ?', [trace]);
  deleteAgentMatches(sql, traceId);
  return freed;
}
