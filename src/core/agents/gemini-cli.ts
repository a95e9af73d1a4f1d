// Gemini CLI's log events as span parts. Its own spans split one prompt into a trace per model call and one per
// tool batch, and `prompt_id` repeats across the prompts of a resumed session, so the prompt's trace is built
// from the events: `gemini_cli.user_prompt` opens a turn (trace id from session + time) and later events of the
// session belong to it; `api_request` opens a model call, `api_response` closes it with its tokens, the GenAI
// `operation.details` events attach to it (the normalizer reads messages and system instructions from them).
import type { Attributes } from '../model/types';
import { AGENT_KEY, SYNTHETIC_KEY } from './dialects';
import { bool, derivedId, minusMs, num, str, type AgentEvent } from './events';
import type { SpanPart } from './span-parts';
import { copyNumber, partMaker, promptOnRoot, textMessages, turnTrace, type EventTarget, type TurnLookup } from './synthesize-shared';

export const GEMINI_TURN = 'gemini_cli.prompt';
export const GEMINI_MODEL_CALL = 'gemini_cli.model_call';

/** Events of a prompt even when they carry no `prompt_id`. */
const PROMPT_EVENTS = new Set(['user_prompt', 'api_request', 'api_response', 'api_error', 'tool_call',
  'gen_ai.client.inference.operation.details']);

export function geminiParts(e: AgentEvent, out: SpanPart[], turns: TurnLookup): EventTarget | null {
  const session = str(e.attrs, 'session.id') ?? str(e.log.resource, 'session.id');
  if (!session) return null;
  // Start-up events of a (resumed) session carry no prompt id: they belong to no turn.
  if (!str(e.attrs, 'prompt_id') && !PROMPT_EVENTS.has(e.name)) return null;
  const traceId = turnTrace('gemini-cli', e, session, turns);
  if (!traceId) return null;
  const rootId = derivedId(8, traceId, 'root');
  const part = partMaker(e, traceId, { 'gen_ai.conversation.id': session, [AGENT_KEY]: 'gemini-cli' }, out);
  const root = part(rootId, null, GEMINI_TURN, e.time, {
    [SYNTHETIC_KEY]: 'prompt', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Gemini CLI',
    'gen_ai.provider.name': 'gcp.gemini',
  });
  const llm = (ordinal: number): string => derivedId(8, traceId, 'llm', String(ordinal));
  switch (e.name) {
    case 'user_prompt':
      return promptOnRoot(e, root);
    case 'api_request': {
      const spanId = llm(turns.countModelCall(traceId));
      const attributes: Attributes = { [SYNTHETIC_KEY]: 'llm', 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'gcp.gemini' };
      const model = str(e.attrs, 'model');
      if (model) attributes['gen_ai.request.model'] = model;
      part(spanId, rootId, GEMINI_MODEL_CALL, e.time, attributes);
      return { traceId, spanId };
    }
    case 'api_response':
    case 'api_error': {
      const calls = turns.modelCalls(traceId);
      if (calls === 0) return { traceId, spanId: rootId };
      const spanId = llm(calls);
      const attributes: Attributes = { [SYNTHETIC_KEY]: 'llm' };
      const model = str(e.attrs, 'model');
      if (model) attributes['gen_ai.response.model'] = model;
      const thoughts = num(e.attrs, 'thoughts_token_count');
      const output = num(e.attrs, 'output_token_count');
      copyNumber(e.attrs, 'input_token_count', attributes, 'gen_ai.usage.input_tokens');
      // Gemini counts thoughts apart from the answer; the span model's output includes reasoning.
      if (output !== null) attributes['gen_ai.usage.output_tokens'] = output + (thoughts ?? 0);
      if (thoughts !== null) attributes['gen_ai.usage.reasoning.output_tokens'] = thoughts;
      copyNumber(e.attrs, 'cached_content_token_count', attributes, 'gen_ai.usage.cache_read.input_tokens');
      const statusCode = num(e.attrs, 'status_code');
      const failed = e.name === 'api_error' || (statusCode !== null && statusCode >= 400);
      part(spanId, rootId, GEMINI_MODEL_CALL, minusMs(e.time, num(e.attrs, 'duration_ms')), attributes,
        failed ? { code: 2, message: str(e.attrs, 'error') ?? `HTTP ${statusCode ?? ''}`.trim() } : undefined);
      return { traceId, spanId };
    }
    case 'gen_ai.client.inference.operation.details': {
      const calls = turns.modelCalls(traceId);
      if (calls === 0) return { traceId, spanId: rootId };
      // The answer side carries the output (streamed chunks as separate messages): the prompt's answer is the
      // last model call's text, joined.
      const answer = joinedText(e.attrs['gen_ai.output.messages']);
      if (answer) root.attributes['gen_ai.output.messages'] = textMessages('assistant', answer);
      return { traceId, spanId: llm(calls) };
    }
    case 'tool_call': {
      const spanId = derivedId(8, traceId, 'tool', e.time, str(e.attrs, 'function_name') ?? '');
      const attributes: Attributes = { [SYNTHETIC_KEY]: 'tool', 'gen_ai.operation.name': 'execute_tool' };
      const name = str(e.attrs, 'function_name');
      if (name) attributes['gen_ai.tool.name'] = name;
      const args = str(e.attrs, 'function_args');
      if (args) attributes['gen_ai.tool.call.arguments'] = args;
      const decision = str(e.attrs, 'decision');
      if (decision) attributes['tool.decision'] = decision;
      const success = bool(e.attrs, 'success');
      const rejected = decision === 'reject';
      part(spanId, rootId, 'gemini_cli.tool_call', minusMs(e.time, num(e.attrs, 'duration_ms')), attributes,
        rejected || success === false ? { code: 2, message: rejected ? 'rejected' : str(e.attrs, 'error') ?? 'tool failed' } : undefined);
      return { traceId, spanId };
    }
    default:
      return { traceId, spanId: rootId };
  }
}

/** The text parts of a GenAI messages JSON value, in order; null when there are none. */
function joinedText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let messages: unknown;
  try {
    messages = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(messages)) return null;
  let text = '';
  for (const m of messages) {
    const parts = (m as { parts?: unknown }).parts;
    if (!Array.isArray(parts)) continue;
    for (const p of parts) {
      const part = p as { type?: unknown; content?: unknown };
      if (part.type === 'text' && typeof part.content === 'string') text += part.content;
    }
  }
  return text.length > 0 ? text : null;
}
