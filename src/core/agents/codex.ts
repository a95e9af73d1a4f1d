// Codex CLI's log events (without its trace exporter) as span parts. Codex names no prompt on its events: a
// `codex.user_prompt` opens a turn (`codex.turn`, trace id from conversation + time) and the events after it in
// that conversation belong to it. Each `codex.api_request` opens a model call (numbered within the turn), the
// `response.completed` stream event after it gives the call's tokens; tools are keyed by `call_id`.
import type { Attributes } from '../model/types';
import { AGENT_KEY, SYNTHETIC_KEY } from './dialects';
import { bool, derivedId, minusMs, num, str, type AgentEvent } from './events';
import type { SpanPart } from './span-parts';
import { textMessages, type EventTarget } from './synthesize-shared';

/** What Codex's reader needs to know beyond the events of this request. */
export interface TurnLookup {
  /** The newest turn of `conversation` that started at or before `time` (trace id), or null. */
  turnAt(conversation: string, time: string): string | null;
  /** Model calls the turn has so far. */
  modelCalls(traceId: string): number;
  /** Note a new turn / a new model call (so later events of the same request find them). */
  openTurn(conversation: string, time: string, traceId: string): void;
  countModelCall(traceId: string): number;
}

/** The events of a turn; the rest (conversation_starts, startup_phase …) also open a resumed process. */
const TURN_EVENTS = new Set(['user_prompt', 'api_request', 'sse_event', 'turn_ttft', 'tool_decision', 'tool_result']);

export function codexParts(e: AgentEvent, out: SpanPart[], turns: TurnLookup): EventTarget | null {
  const conversation = str(e.attrs, 'conversation.id');
  if (!conversation || !TURN_EVENTS.has(e.name)) return null; // start-up and session events belong to no turn
  let traceId: string | null;
  if (e.name === 'user_prompt') {
    traceId = derivedId(16, 'codex', conversation, e.time);
    turns.openTurn(conversation, e.time, traceId);
  } else {
    traceId = turns.turnAt(conversation, e.time);
  }
  if (!traceId) return null; // start-up events before the first prompt
  const rootId = derivedId(8, traceId, 'root');
  const model = str(e.attrs, 'model');
  const common: Attributes = { 'conversation.id': conversation, [AGENT_KEY]: 'codex' };
  const part = (spanId: string, parentSpanId: string | null, name: string, start: string, attributes: Attributes,
    status?: SpanPart['status']): SpanPart => {
    const p: SpanPart = {
      traceId: traceId!, spanId, parentSpanId, name, start, end: e.time, attributes: { ...common, ...attributes },
      resource: e.log.resource, scope: e.log.scope,
    };
    if (status) p.status = status;
    out.push(p);
    return p;
  };
  const root = part(rootId, null, 'codex.turn', e.time, {
    [SYNTHETIC_KEY]: 'prompt', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Codex',
    'gen_ai.provider.name': 'openai',
  });
  switch (e.name) {
    case 'user_prompt': {
      const text = str(e.attrs, 'prompt');
      if (text) root.attributes['gen_ai.input.messages'] = textMessages('user', text);
      return { traceId, spanId: rootId };
    }
    case 'api_request': {
      const ordinal = turns.countModelCall(traceId);
      const spanId = derivedId(8, traceId, 'llm', String(ordinal));
      const statusCode = num(e.attrs, 'http.response.status_code');
      const attributes: Attributes = {
        [SYNTHETIC_KEY]: 'llm', 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai',
      };
      if (model) attributes['gen_ai.request.model'] = model;
      if (statusCode !== null) attributes['http.response.status_code'] = statusCode;
      const failed = (statusCode !== null && statusCode >= 400) || str(e.attrs, 'error.message') !== null;
      part(spanId, rootId, 'codex.model_call', minusMs(e.time, num(e.attrs, 'duration_ms')), attributes,
        failed ? { code: 2, message: str(e.attrs, 'error.message') ?? `HTTP ${statusCode ?? ''}`.trim() } : undefined);
      return { traceId, spanId };
    }
    case 'sse_event': {
      const calls = turns.modelCalls(traceId);
      if (str(e.attrs, 'event.kind') !== 'response.completed' || num(e.attrs, 'input_token_count') === null || calls === 0) {
        return null; // stream deltas stay unattached: kept, searchable, not shown on a span
      }
      const spanId = derivedId(8, traceId, 'llm', String(calls));
      const attributes: Attributes = { [SYNTHETIC_KEY]: 'llm' };
      if (model) attributes['gen_ai.response.model'] = model;
      // OpenAI counts cached input inside input and reasoning inside output, as the span model does.
      copy(e.attrs, 'input_token_count', attributes, 'gen_ai.usage.input_tokens');
      copy(e.attrs, 'output_token_count', attributes, 'gen_ai.usage.output_tokens');
      copy(e.attrs, 'cached_token_count', attributes, 'gen_ai.usage.cache_read.input_tokens');
      copy(e.attrs, 'cache_write_token_count', attributes, 'gen_ai.usage.cache_write.input_tokens');
      copy(e.attrs, 'reasoning_token_count', attributes, 'gen_ai.usage.reasoning.output_tokens');
      part(spanId, rootId, 'codex.model_call', e.time, attributes);
      return { traceId, spanId };
    }
    case 'tool_decision':
    case 'tool_result': {
      const callId = str(e.attrs, 'call_id') ?? e.time;
      const spanId = derivedId(8, traceId, 'tool', callId);
      const attributes: Attributes = {
        [SYNTHETIC_KEY]: 'tool', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': callId,
      };
      const name = str(e.attrs, 'tool_name');
      if (name) attributes['gen_ai.tool.name'] = name;
      const args = str(e.attrs, 'arguments');
      if (args) attributes['gen_ai.tool.call.arguments'] = args;
      const output = str(e.attrs, 'output');
      if (output) attributes['gen_ai.tool.call.result'] = output;
      let status: SpanPart['status'];
      if (e.name === 'tool_decision') {
        const decision = str(e.attrs, 'decision');
        const source = str(e.attrs, 'source');
        if (decision) attributes['tool.decision'] = decision;
        if (source) attributes['tool.decision.source'] = source;
        if (decision === 'denied' || decision === 'abort') status = { code: 2, message: `${decision}${source ? ` (${source})` : ''}` };
      } else if (bool(e.attrs, 'success') === false) {
        status = { code: 2, message: 'tool failed' };
      }
      const start = e.name === 'tool_result' ? minusMs(e.time, num(e.attrs, 'duration_ms')) : e.time;
      part(spanId, rootId, 'codex.tool_call', start, attributes, status);
      return { traceId, spanId };
    }
    default:
      return { traceId, spanId: rootId };
  }
}

function copy(from: Attributes, key: string, to: Attributes, as: string): void {
  const n = num(from, key);
  if (n !== null) to[as] = n;
}
