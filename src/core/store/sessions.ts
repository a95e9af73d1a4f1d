// Sessions: traces grouped by the conversation/session id (or the user id) their spans name. The normalizer reads
// the id from every vocabulary into one interned column per span; each trace's rollup keeps the smallest of them
// (conversation_key, user_key), so grouping reads the traces, not their spans.
import { internalTraceSql } from '../agents/internal-traces';
import type { SqlValue } from 'sql.js';
import type { SessionFilter, SessionSummary } from '../model/store-types';
import { unpadNanos } from './nanos';
import type { Sql } from './sql';

/** Most trace ids a session row carries (the newest). */
export const SESSION_TRACE_LIMIT = 1000;

const COLUMN = { conversation: 'conversation_key', user: 'user_key' } as const;

/**
 * One session id per trace (the smallest interned id when spans disagree). The newest sessions are picked first
 * (through the key's index), then only their traces' rollups are summed.
 */
const SESSIONS_SQL = (column: string, textFilter: boolean): string => `
WITH top AS (
  SELECT u.${column} AS sid, MAX(u.start_ns) AS last, str.value AS name
  FROM traces u JOIN strings str ON str.id = u.${column}
  WHERE u.${column} IS NOT NULL AND u.span_count > 0 AND NOT ${internalTraceSql('u.')}${textFilter ? ' AND instr(lower(str.value), ?) > 0' : ''}
  GROUP BY u.${column} ORDER BY last DESC, name LIMIT ?
)
SELECT top.name, COUNT(*), MIN(u.start_ns), MAX(u.end_ns), SUM(u.input_tokens), SUM(u.output_tokens), SUM(u.cost_usd),
  SUM(u.error_count), SUM(u.error_count > 0), json_group_array(json_array(u.start_ns, u.trace_id))
FROM top JOIN traces u ON u.${column} = top.sid AND u.span_count > 0 AND NOT ${internalTraceSql('u.')}
GROUP BY top.sid ORDER BY top.last DESC, top.name`;

function rowToSession(row: SqlValue[], by: SessionSummary['by']): SessionSummary {
  // [padded start, trace id] pairs: padded times sort as text, so the turns come out oldest first.
  const pairs = JSON.parse(String(row[9])) as [string, string][];
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
  const ids = pairs.map((p) => p[1]);
  return {
    sessionId: String(row[0]),
    by,
    turns: Number(row[1]),
    startTimeUnixNano: unpadNanos(String(row[2])),
    endTimeUnixNano: unpadNanos(String(row[3])),
    inputTokens: Number(row[4]),
    outputTokens: Number(row[5]),
    costUsd: Number(row[6]),
    errorCount: Number(row[7]),
    errorTurns: Number(row[8]),
    traceIds: ids.length > SESSION_TRACE_LIMIT ? ids.slice(ids.length - SESSION_TRACE_LIMIT) : ids,
  };
}

export function querySessions(sql: Sql, filter: SessionFilter = {}): SessionSummary[] {
  const by = filter.by ?? 'conversation';
  const text = filter.text?.trim().toLowerCase() ?? '';
  const params: SqlValue[] = text ? [text] : [];
  params.push(filter.limit ?? 500);
  return sql.all(SESSIONS_SQL(COLUMN[by], text.length > 0), params).map((row) => rowToSession(row, by));
}
