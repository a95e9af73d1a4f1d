// The coding agents' log events, turned into spans when the agent sent no spans for them: each event becomes
// (part of) a span with an id derived from what the event names, and the event itself is attached to that span.
// Events that already name a span (an agent that exports spans too) pass unchanged; the store matches them.
import type { RawLogRecord, RawSpan } from '../model/types';
import { claudeCodeParts } from './claude-code';
import { codexParts } from './codex';
import { geminiParts } from './gemini-cli';
import { agentEvent } from './events';
import { mergeParts, type SpanPart } from './span-parts';
import type { EventTarget, TurnLookup } from './synthesize-shared';

/** What the store answers about turns stored before this request (Codex names no prompt on its events). */
export interface StoredTurns {
  turnAt(agent: TurnAgent, conversation: string, time: string): string | null;
  modelCalls(agent: TurnAgent, traceId: string): number;
}

/** The agents whose events name no prompt: a turn is what follows a user prompt. */
export type TurnAgent = 'codex' | 'gemini-cli';

export interface Synthesis {
  spans: RawSpan[];
  /** The request's log records, those that became part of a span pointing at it. */
  logs: RawLogRecord[];
}

/**
 * Whether an event is read into a span here: events without trace ids, and all of Gemini CLI's (its own traces
 * split a prompt into one trace per model call, so the prompt's trace is built from its events).
 */
function synthesized(log: RawLogRecord): boolean {
  if (!log.traceId) return true;
  return log.scope.name === 'gemini-cli' || log.resource['service.name'] === 'gemini-cli';
}

/** Cheap test first: most requests carry no coding-agent events. */
function mayHaveAgentEvents(logs: readonly RawLogRecord[]): boolean {
  for (const log of logs) if (synthesized(log) && agentEvent(log)) return true;
  return false;
}

export function synthesizeAgentSpans(logs: RawLogRecord[], stored: StoredTurns): Synthesis {
  if (!mayHaveAgentEvents(logs)) return { spans: [], logs };
  const turns = { codex: batchTurns(stored, 'codex'), gemini: batchTurns(stored, 'gemini-cli') };
  const parts: SpanPart[] = [];
  const out = logs.map((log) => {
    if (!synthesized(log)) return log;
    const event = agentEvent(log);
    if (!event) return log;
    let target: EventTarget | null = null;
    if (event.agent === 'claude-code') target = claudeCodeParts(event, parts);
    else if (event.agent === 'codex') target = codexParts(event, parts, turns.codex);
    else if (event.agent === 'gemini-cli') target = geminiParts(event, parts, turns.gemini);
    return target ? { ...log, traceId: target.traceId, spanId: target.spanId } : log;
  });
  return { spans: mergeParts(parts), logs: out };
}

/** The stored turns plus those this request opens, in order. */
function batchTurns(stored: StoredTurns, agent: TurnAgent): TurnLookup {
  const opened = new Map<string, Array<{ time: bigint; traceId: string }>>();
  const calls = new Map<string, number>();
  const modelCalls = (traceId: string): number => {
    let n = calls.get(traceId);
    if (n === undefined) calls.set(traceId, (n = stored.modelCalls(agent, traceId)));
    return n;
  };
  return {
    turnAt(conversation, time) {
      const t = BigInt(time);
      const mine = opened.get(conversation)?.filter((turn) => turn.time <= t).pop();
      return mine?.traceId ?? stored.turnAt(agent, conversation, time);
    },
    modelCalls,
    openTurn(conversation, time, traceId) {
      let list = opened.get(conversation);
      if (!list) opened.set(conversation, (list = []));
      list.push({ time: BigInt(time), traceId });
    },
    countModelCall(traceId) {
      const n = modelCalls(traceId) + 1;
      calls.set(traceId, n);
      return n;
    },
  };
}
