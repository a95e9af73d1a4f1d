// Coding agents that send spans and events: an event names the prompt's root span, but belongs on the model
// call or tool span that carries the same request / tool-use id. Spans register their keys; an event finds its
// span by key, or waits (by digest) until that span arrives and is then moved onto it. Replay runs the same
// steps in the same order, so it lands every event where the live ingest did.
import { agentEvent } from '../agents/events';
import { agentOf } from '../agents/dialects';
import { eventMatchKey, spanMatchKeys } from '../agents/span-adapter';
import type { RawLogRecord, RawSpan } from '../model/types';
import type { Sql } from './sql';

/** The span a log record of a coding agent belongs on, when it differs from the one it names; else null. */
export function matchedSpanId(sql: Sql, log: RawLogRecord): { spanId: string | null; key: string | null } {
  if (!log.traceId) return { spanId: null, key: null };
  const event = agentEvent(log);
  const key = event ? eventMatchKey(event) : null;
  if (!key) return { spanId: null, key: null };
  const row = sql.first('SELECT span_id FROM agent_keys WHERE trace_id = ? AND key = ?', [log.traceId, key]);
  return { spanId: row ? String(row[0]) : null, key };
}

export function notePendingEvent(sql: Sql, traceId: string, key: string, digest: string): void {
  sql.run('INSERT OR IGNORE INTO agent_pending (trace_id, key, digest) VALUES (?, ?, ?)', [traceId, key, digest]);
}

/**
 * Register a stored agent span's keys; returns the events that waited for it (their digests and the span they
 * were attached to), already moved onto it in the logs table.
 */
export function registerAgentSpan(sql: Sql, raw: RawSpan): Array<{ digest: string; from: string | null }> {
  if (!agentOf(raw.resource, raw.scope)) return [];
  const moved: Array<{ digest: string; from: string | null }> = [];
  for (const key of spanMatchKeys(raw)) {
    sql.run('INSERT OR IGNORE INTO agent_keys (trace_id, key, span_id) VALUES (?, ?, ?)', [raw.traceId, key, raw.spanId]);
    for (const row of sql.all('SELECT p.digest, l.span_id FROM agent_pending p JOIN logs l ON l.digest = p.digest '
      + 'WHERE p.trace_id = ? AND p.key = ?', [raw.traceId, key])) {
      moved.push({ digest: String(row[0]), from: row[1] === null ? null : String(row[1]) });
      sql.run('UPDATE logs SET span_id = ? WHERE digest = ?', [raw.spanId, String(row[0])]);
    }
    sql.run('DELETE FROM agent_pending WHERE trace_id = ? AND key = ?', [raw.traceId, key]);
  }
  return moved;
}

export function deleteAgentMatches(sql: Sql, traceId: string): void {
  sql.run('DELETE FROM agent_keys WHERE trace_id = ?', [traceId]);
  sql.run('DELETE FROM agent_pending WHERE trace_id = ?', [traceId]);
}
