// Sessions: traces grouped by the conversation/session id (or the user id) their spans name. The normalizer reads
// the id from every vocabulary into one interned column per span, so grouping is one pass over those columns.
import type { SqlValue } from 'sql.js';
import type { SessionFilter, SessionSummary } from '../model/store-types';
import { unpadNanos } from './nanos';
import type { Sql } from './sql';

/** Most trace ids a session row carries (the newest). */
export const SESSION_TRACE_LIMIT = 1000;

const COLUMN = { conversation: 'conversation_id', user: 'user_id' } as const;

/**
 * One session id per trace (the smallest interned id when spans disagree), then the traces' rollups per session.
 * The limit applies to sessions, newest activity first.
 */
const SESSIONS_SQL = (column: string, textFilter: boolean): string => `
WITH per_trace AS (
  SELECT trace, MIN(${column}) AS sid FROM spans WHERE ${column} IS NOT NULL GROUP BY trace
),
turns AS (
  SELECT p.sid, t.trace_id, t.start_ns, t.end_ns, t.input_tokens, t.output_tokens, t.cost_usd, t.error_count
  FROM per_trace p JOIN traces t ON t.id = p.trace
)
SELECT str.value, COUNT(*), MIN(u.start_ns), MAX(u.end_ns), SUM(u.input_tokens), SUM(u.output_tokens), SUM(u.cost_usd),
  SUM(u.error_count), SUM(u.error_count > 0), json_group_array(json_array(u.start_ns, u.trace_id))
FROM turns u JOIN strings str ON str.id = u.sid
${textFilter ? 'WHERE instr(lower(str.value), ?) > 0' : ''}
GROUP BY u.sid ORDER BY MAX(u.start_ns) DESC, str.value LIMIT ?`;

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
