// What the per-agent event readers share: where an event lands, how its span parts are made, number copies,
// and (for agents whose events name no prompt) which turn an event belongs to.
import type { Attributes } from '../model/types';
import { derivedId, num, type AgentEvent } from './events';
import type { SpanPart } from './span-parts';

export interface EventTarget {
  traceId: string;
  spanId: string;
}

/** One text message in the OTel GenAI parts shape, as the JSON text `gen_ai.*.messages` carries. */
export function textMessages(role: string, text: string): string {
  return JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);
}

/** A `user_prompt` event: its text (when the agent sends it) is the root's input; the event lands on the root. */
export function promptOnRoot(e: AgentEvent, root: SpanPart): EventTarget {
  const text = typeof e.attrs.prompt === 'string' && e.attrs.prompt.length > 0 ? e.attrs.prompt : null;
  if (text) root.attributes['gen_ai.input.messages'] = textMessages('user', text);
  return { traceId: root.traceId, spanId: root.spanId };
}

export type PartMaker = (
  spanId: string, parentSpanId: string | null, name: string, start: string, attributes: Attributes,
  status?: SpanPart['status'],
) => SpanPart;

/** Parts of `traceId` made from event `e` (ending at its time), with `common` attributes, collected in `out`. */
export function partMaker(e: AgentEvent, traceId: string, common: Attributes, out: SpanPart[]): PartMaker {
  return (spanId, parentSpanId, name, start, attributes, status) => {
    const p: SpanPart = {
      traceId, spanId, parentSpanId, name, start, end: e.time, attributes: { ...common, ...attributes },
      resource: e.log.resource, scope: e.log.scope,
    };
    if (status) p.status = status;
    out.push(p);
    return p;
  };
}

/** Copy a number (sent as a number or a numeric string) under another key. */
export function copyNumber(from: Attributes, key: string, to: Attributes, as: string): void {
  const n = num(from, key);
  if (n !== null) to[as] = n;
}

/** Turns of the agents whose events name no prompt (see synthesize.ts). */
export interface TurnLookup {
  /** The newest turn of `conversation` that started at or before `time` (trace id), or null. */
  turnAt(conversation: string, time: string): string | null;
  /** Model calls the turn has so far. */
  modelCalls(traceId: string): number;
  /** Note a new turn / a new model call (so later events of the same request find them). */
  openTurn(conversation: string, time: string, traceId: string): void;
  countModelCall(traceId: string): number;
}

/** The turn an event belongs to: a `user_prompt` opens one (trace id from agent, session and time). */
export function turnTrace(agent: string, e: AgentEvent, session: string, turns: TurnLookup): string | null {
  if (e.name !== 'user_prompt') return turns.turnAt(session, e.time);
  const traceId = derivedId(16, agent, session, e.time);
  turns.openTurn(session, e.time, traceId);
  return traceId;
}
