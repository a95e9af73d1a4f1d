// Codex CLI's log events (without its trace exporter) as span parts. Codex names no prompt on its events: a
// `codex.user_prompt` opens a turn (`codex.turn`, trace id from conversation + time) and the events after it in
// that conversation belong to it. Each `codex.api_request` opens a model call (numbered within the turn), the
// `response.completed` stream event after it gives the call's tokens; tools are keyed by `call_id`.
import type { Attributes } from '../model/types';
import { AGENT_KEY, SYNTHETIC_KEY } from './dialects';
import { bool, derivedId, minusMs, num, str, type AgentEvent } from './events';
import type { SpanPart } from './span-parts';
import { copyNumber, partMaker, promptOnRoot, turnTrace, type EventTarget, type TurnLookup } from './synthesize-shared';

/** The events of a turn; the rest (conversation_starts, startup_phase …) also open a resumed process. */
const TURN_EVENTS = new Set(['user_prompt', 'api_request', 'sse_event', 'turn_ttft', 'tool_decision', 'tool_result']);

export function codexParts(e: AgentEvent, out: SpanPart[], turns: TurnLookup): EventTarget | null {
  const conversation = str(e.attrs, 'conversation.id');
  if (!conversation || !TURN_EVENTS.has(e.name)) return null; // start-up and session events belong to no turn
  const traceId = turnTrace('codex', e, conversation, turns);
  if (!traceId) return null; // start-up events before the first prompt
  const rootId = derivedId(8, traceId, 'root');
  const model = str(e.attrs, 'model');
  const part = partMaker(e, traceId, { 'conversation.id': conversation, [AGENT_KEY]: 'codex' }, out);
  const root = part(rootId, null, 'codex.turn', e.time, {
    [SYNTHETIC_KEY]: 'prompt', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Codex',
    'gen_ai.provider.name': 'openai',
  });
  switch (e.name) {
    case 'user_prompt':
      return promptOnRoot(e, root);
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
      copyNumber(e.attrs, 'input_token_count', attributes, 'gen_ai.usage.input_tokens');
      copyNumber(e.attrs, 'output_token_count', attributes, 'gen_ai.usage.output_tokens');
      copyNumber(e.attrs, 'cached_token_count', attributes, 'gen_ai.usage.cache_read.input_tokens');
      copyNumber(e.attrs, 'cache_write_token_count', attributes, 'gen_ai.usage.cache_write.input_tokens');
      copyNumber(e.attrs, 'reasoning_token_count', attributes, 'gen_ai.usage.reasoning.output_tokens');
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
