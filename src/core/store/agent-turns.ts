// What the coding-agent readers ask of the stored traces: which Codex / Gemini CLI turn was open at a time and how
// many model calls it has (the event synthesizer, src/core/agents/synthesize.ts), and the model and conversation a
// Codex trace's spans name (the span adapter's trace context).
import { GEMINI_MODEL_CALL, GEMINI_TURN } from '../agents/gemini-cli';
import { contextOfSpans, type AgentTraceContext } from '../agents/span-adapter';
import type { StoredTurns, TurnAgent } from '../agents/synthesize';
import type { RawSpan } from '../model/types';
import type { StringTable } from './interned';
import { padNanos } from './nanos';
import type { Sql } from './sql';

const NAMES: Record<TurnAgent, { turn: string; modelCall: string }> = {
  codex: { turn: 'codex.turn', modelCall: 'codex.model_call' },
  'gemini-cli': { turn: GEMINI_TURN, modelCall: GEMINI_MODEL_CALL },
};

export function storedTurns(sql: Sql): StoredTurns {
  return {
    turnAt(agent, conversation, time) {
      const row = sql.first(`SELECT t.trace_id FROM traces t JOIN strings s ON s.id = t.conversation_key
        WHERE s.value = ? AND t.root_name = '${NAMES[agent].turn}' AND t.root_start_ns <= ?
        ORDER BY t.root_start_ns DESC LIMIT 1`, [conversation, padNanos(time)]);
      return row ? String(row[0]) : null;
    },
    modelCalls(agent, traceId) {
      const row = sql.first(`SELECT COUNT(*) FROM spans s JOIN traces t ON t.id = s.trace
        WHERE t.trace_id = ? AND s.name = ?`, [traceId, NAMES[agent].modelCall]);
      return Number(row?.[0] ?? 0);
    },
  };
}

/** The model and conversation a trace names: in this batch of its spans, else in its indexed spans. */
export function storedTraceContext(
  sql: Sql, strings: Pick<StringTable, 'value'>, traceId: string, batch?: readonly RawSpan[],
): AgentTraceContext {
  const own = batch ? contextOfSpans(batch) : { model: null, conversation: null };
  if (own.model && own.conversation) return own;
  const row = sql.first(`SELECT
      (SELECT request_model FROM spans WHERE trace = t.id AND request_model IS NOT NULL LIMIT 1),
      (SELECT conversation_id FROM spans WHERE trace = t.id AND conversation_id IS NOT NULL LIMIT 1)
    FROM traces t WHERE t.trace_id = ?`, [traceId]);
  return {
    model: own.model ?? (row ? strings.value(row[0]) : null),
    conversation: own.conversation ?? (row ? strings.value(row[1]) : null),
  };
}
