// The store's answers to the event synthesizer (src/core/agents/synthesize.ts): which Codex / Gemini CLI turn was
// open at a time, and how many model calls a turn has, read from the traces and spans earlier requests left.
import { GEMINI_MODEL_CALL, GEMINI_TURN } from '../agents/gemini-cli';
import type { StoredTurns, TurnAgent } from '../agents/synthesize';
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
