// The store's answers to the event synthesizer (src/core/agents/synthesize.ts): which Codex turn was open at a
// time, and how many model calls a turn has, read from the traces and spans the earlier requests left.
import type { StoredTurns } from '../agents/synthesize';
import { padNanos } from './nanos';
import type { Sql } from './sql';

export function storedTurns(sql: Sql): StoredTurns {
  return {
    turnAt(conversation, time) {
      const row = sql.first(`SELECT t.trace_id FROM traces t JOIN strings s ON s.id = t.conversation_key
        WHERE s.value = ? AND t.root_name = 'codex.turn' AND t.root_start_ns <= ? ORDER BY t.root_start_ns DESC LIMIT 1`,
      [conversation, padNanos(time)]);
      return row ? String(row[0]) : null;
    },
    modelCalls(traceId) {
      const row = sql.first(`SELECT COUNT(*) FROM spans s JOIN traces t ON t.id = s.trace
        WHERE t.trace_id = ? AND s.name = 'codex.model_call'`, [traceId]);
      return Number(row?.[0] ?? 0);
    },
  };
}
