// Coding agents' own spans, read in the span model's vocabulary: what their attributes and the events attached
// to them say, as extra GenAI attributes the normalizer reads (the stored attributes stay as sent).
// Claude Code (beta spans): the prompt on `claude_code.interaction`, the answer from `assistant_response`, the
// reported cost from `api_request` and the tool input from `tool_result` (the store attaches those to the
// matching span by request_id / tool_use_id). Older versions' `input_tokens` (uncached) and friends.
// Codex (trace exporter): `handle_responses` with usage is a model call; tool spans named by `tool_name`.
import type { Attributes, RawSpan, SpanEvent } from '../model/types';
import { agentOf, AGENT_KEY } from './dialects';
import { num, str } from './events';
import { textMessages } from './synthesize-shared';

function eventNamed(events: readonly SpanEvent[], name: string, prefix = 'claude_code.'): SpanEvent | undefined {
  const full = `${prefix}${name}`;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const attr = e.attributes['event.name'];
    if (e.name === name || e.name === full || attr === name || attr === full) return e;
  }
  return undefined;
}

function claudeCode(raw: RawSpan, events: readonly SpanEvent[]): Attributes {
  const a = raw.attributes;
  const extra: Attributes = { [AGENT_KEY]: 'claude-code' };
  if (raw.name === 'claude_code.interaction') {
    const prompt = str(a, 'user_prompt') ?? (() => {
      const e = eventNamed(events, 'user_prompt');
      return e ? str(e.attributes, 'prompt') : null;
    })();
    if (prompt && a['gen_ai.input.messages'] === undefined) extra['gen_ai.input.messages'] = textMessages('user', prompt);
    const answer = eventNamed(events, 'assistant_response');
    const text = answer ? str(answer.attributes, 'response') : null;
    if (text && a['gen_ai.output.messages'] === undefined) extra['gen_ai.output.messages'] = textMessages('assistant', text);
  } else if (raw.name === 'claude_code.llm_request') {
    if (a['gen_ai.usage.input_tokens'] === undefined && num(a, 'input_tokens') !== null) {
      const cacheRead = num(a, 'cache_read_tokens') ?? 0;
      const cacheWrite = num(a, 'cache_creation_tokens') ?? 0;
      extra['gen_ai.usage.input_tokens'] = num(a, 'input_tokens')! + cacheRead + cacheWrite;
      extra['gen_ai.usage.output_tokens'] = num(a, 'output_tokens') ?? 0;
      extra['gen_ai.usage.cache_read.input_tokens'] = cacheRead;
      extra['gen_ai.usage.cache_write.input_tokens'] = cacheWrite;
    }
    if (a['gen_ai.operation.name'] === undefined) extra['gen_ai.operation.name'] = 'chat';
    if (a['gen_ai.request.model'] === undefined && str(a, 'model')) extra['gen_ai.request.model'] = str(a, 'model')!;
    const request = eventNamed(events, 'api_request');
    const cost = request ? num(request.attributes, 'cost_usd') : null;
    if (cost !== null) extra['gen_ai.usage.cost'] = cost;
  } else if (raw.name === 'claude_code.tool') {
    if (a['gen_ai.operation.name'] === undefined) extra['gen_ai.operation.name'] = 'execute_tool';
    if (a['gen_ai.tool.name'] === undefined && str(a, 'tool_name')) extra['gen_ai.tool.name'] = str(a, 'tool_name')!;
    const result = eventNamed(events, 'tool_result');
    const input = result ? str(result.attributes, 'tool_input') ?? str(result.attributes, 'tool_parameters') : null;
    const args = input ?? (str(a, 'full_command') ? JSON.stringify({ command: str(a, 'full_command') }) : null);
    if (args) extra['gen_ai.tool.call.arguments'] = args;
    // The beta spans carry the tool's output as a `tool.output` span event.
    const output = events.find((e) => e.name === 'tool.output');
    const outputText = output ? str(output.attributes, 'output') : null;
    if (outputText !== null && a['gen_ai.tool.call.result'] === undefined) extra['gen_ai.tool.call.result'] = outputText;
    const decision = eventNamed(events, 'tool_decision');
    if (decision) {
      extra['tool.decision'] = str(decision.attributes, 'decision') ?? '';
      extra['tool.decision.source'] = str(decision.attributes, 'source') ?? '';
    }
  }
  return extra;
}

function codex(raw: RawSpan, events: readonly SpanEvent[], context: AgentTraceContext | undefined): Attributes {
  const a = raw.attributes;
  const extra: Attributes = { [AGENT_KEY]: 'codex' };
  const model = str(a, 'model');
  if (model && a['gen_ai.request.model'] === undefined) extra['gen_ai.request.model'] = model;
  if (raw.name === 'handle_responses' && a['gen_ai.usage.input_tokens'] !== undefined) {
    extra['gen_ai.operation.name'] = 'chat';
    extra['gen_ai.provider.name'] = 'openai';
    if (!model && context?.model) extra['gen_ai.request.model'] = context.model;
    const reasoning = num(a, 'codex.usage.reasoning_output_tokens');
    if (reasoning !== null) extra['gen_ai.usage.reasoning.output_tokens'] = reasoning;
  } else if (raw.parentSpanId === null) {
    // The turn's root: the prompt comes with the `codex.user_prompt` event the store attaches to it.
    const prompt = eventNamed(events, 'user_prompt', 'codex.');
    const text = prompt ? str(prompt.attributes, 'prompt') : null;
    if (text) extra['gen_ai.input.messages'] = textMessages('user', text);
    const conversation = prompt ? str(prompt.attributes, 'conversation.id') : null;
    if (conversation) extra['gen_ai.conversation.id'] = conversation;
  } else if (isCodexToolSpan(raw) && a['gen_ai.tool.name'] === undefined) {
    extra['gen_ai.operation.name'] = 'execute_tool';
    extra['gen_ai.tool.name'] = str(a, 'tool_name')!;
    extra['gen_ai.tool.call.id'] = str(a, 'call_id')!;
    const result = eventNamed(events, 'tool_result', 'codex.');
    const decision = eventNamed(events, 'tool_decision', 'codex.');
    if (decision) {
      extra['tool.decision'] = str(decision.attributes, 'decision') ?? '';
      extra['tool.decision.source'] = str(decision.attributes, 'source') ?? '';
    }
    const args = result ? str(result.attributes, 'arguments') : null;
    const output = result ? str(result.attributes, 'output') : null;
    if (args) extra['gen_ai.tool.call.arguments'] = args;
    if (output) extra['gen_ai.tool.call.result'] = output;
  }
  if (a['gen_ai.conversation.id'] === undefined && extra['gen_ai.conversation.id'] === undefined) {
    const conversation = str(a, 'conversation.id') ?? (raw.name === 'handle_responses' || isCodexToolSpan(raw) ? context?.conversation : null);
    if (conversation) extra['gen_ai.conversation.id'] = conversation;
  }
  return extra;
}

/** Codex's span for one tool call is named after the tool (others carry the same call id too). */
function isCodexToolSpan(raw: RawSpan): boolean {
  return str(raw.attributes, 'call_id') !== null && str(raw.attributes, 'tool_name') === raw.name;
}

/**
 * What a Codex span cannot say itself but its trace does: the turn's model (on `try_run_sampling_request` and
 * friends, not on `handle_responses`) and conversation. The store reads it from the trace's indexed spans.
 */
export interface AgentTraceContext {
  model: string | null;
  conversation: string | null;
}

/** Extra attributes for a coding agent's own span (null for every other span: the common case costs one check). */
export function agentSpanAttributes(raw: RawSpan, events: readonly SpanEvent[], context?: AgentTraceContext): Attributes | null {
  if (typeof raw.attributes['trace_lens.synthetic'] === 'string') return null; // built in our vocabulary already
  const agent = agentOf(raw.resource, raw.scope);
  if (agent === 'claude-code') return claudeCode(raw, events);
  if (agent === 'codex') return codex(raw, events, context);
  return null;
}

/** Whether a span's normalization reads its trace's context (Codex's own spans). */
export function needsTraceContext(raw: RawSpan): boolean {
  return typeof raw.attributes['trace_lens.synthetic'] !== 'string' && agentOf(raw.resource, raw.scope) === 'codex';
}

/** The context a batch of a trace's raw spans gives by itself. */
export function contextOfSpans(raws: readonly RawSpan[]): AgentTraceContext {
  let model: string | null = null;
  let conversation: string | null = null;
  for (const raw of raws) {
    model ??= str(raw.attributes, 'model');
    conversation ??= str(raw.attributes, 'conversation.id');
    if (model && conversation) break;
  }
  return { model, conversation };
}

/** The key an agent event and its span share (request / tool-use id), so the store can attach one to the other. */
export function eventMatchKey(event: { agent?: string; name: string; attrs: Attributes }): string | null {
  if (event.name === 'api_request' || event.name === 'api_error') {
    const id = str(event.attrs, 'request_id');
    return id ? `req:${id}` : null;
  }
  // Codex's prompt goes on its turn's root span.
  if (event.name === 'user_prompt' && event.agent === 'codex') return 'root';
  if (event.name === 'tool_result' || event.name === 'tool_decision') {
    const id = str(event.attrs, 'tool_use_id') ?? str(event.attrs, 'call_id');
    return id ? `tool:${id}` : null;
  }
  return null;
}

/** The keys an agent span answers to (see eventMatchKey). */
export function spanMatchKeys(raw: RawSpan): string[] {
  const a = raw.attributes;
  const keys: string[] = [];
  if (raw.name === 'claude_code.llm_request') {
    const id = str(a, 'request_id');
    if (id) keys.push(`req:${id}`);
  } else if (raw.name === 'claude_code.tool') {
    const id = str(a, 'tool_use_id') ?? str(a, 'gen_ai.tool.call.id');
    if (id) keys.push(`tool:${id}`);
  } else if (isCodexToolSpan(raw)) {
    keys.push(`tool:${str(a, 'call_id')!}`);
  }
  if (raw.parentSpanId === null && agentOf(raw.resource, raw.scope) === 'codex') keys.push('root');
  return keys;
}
