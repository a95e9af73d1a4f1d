// Claude Code's log events (no spans) as span parts: per prompt (`session.id` + `prompt.id`) a root
// `claude_code.interaction`, one `claude_code.llm_request` per `api_request`/`api_error`, one `claude_code.tool`
// per tool use (decision + result), sub-agents (`agent_id`) as an agent span under the root.
import type { Attributes } from '../model/types';
import { AGENT_KEY, SYNTHETIC_KEY } from './dialects';
import { bool, derivedId, minusMs, num, str, type AgentEvent } from './events';
import type { SpanPart } from './span-parts';
import { copyNumber, partMaker, promptOnRoot, textMessages, type EventTarget, type PartMaker } from './synthesize-shared';

export function claudeCodeParts(e: AgentEvent, out: SpanPart[]): EventTarget | null {
  const session = str(e.attrs, 'session.id');
  const prompt = str(e.attrs, 'prompt.id');
  if (!session || !prompt) return null; // start-up and settings events belong to no prompt
  const traceId = derivedId(16, 'claude-code', session, prompt);
  const rootId = derivedId(8, traceId, 'root');
  const part = partMaker(e, traceId, { 'gen_ai.conversation.id': session, [AGENT_KEY]: 'claude-code' }, out);
  const root = part(rootId, null, 'claude_code.interaction', e.time, {
    [SYNTHETIC_KEY]: 'prompt', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'Claude Code',
    'gen_ai.provider.name': 'anthropic', 'prompt.id': prompt,
  });
  let parentId = rootId;
  const agentId = str(e.attrs, 'agent_id');
  if (agentId) {
    parentId = derivedId(8, traceId, 'agent', agentId);
    const parentAgent = str(e.attrs, 'parent_agent_id');
    part(parentId, parentAgent ? derivedId(8, traceId, 'agent', parentAgent) : rootId, 'claude_code.subagent', e.time, {
      [SYNTHETIC_KEY]: 'agent', 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.id': agentId,
      'gen_ai.agent.name': str(e.attrs, 'agent_type') ?? 'sub-agent',
    });
  }
  switch (e.name) {
    case 'user_prompt':
      return promptOnRoot(e, root);
    case 'assistant_response': {
      const text = str(e.attrs, 'response');
      const target = agentId ? out[out.length - 1]! : root;
      if (text) target.attributes['gen_ai.output.messages'] = textMessages('assistant', text);
      return { traceId, spanId: target.spanId };
    }
    case 'api_request':
    case 'api_error':
      return modelCall(e, part, traceId, parentId);
    case 'tool_decision':
    case 'tool_result':
      return toolCall(e, part, traceId, parentId);
    default:
      return { traceId, spanId: parentId };
  }
}

function modelCall(e: AgentEvent, part: PartMaker, traceId: string, parentId: string): EventTarget {
  const key = str(e.attrs, 'request_id') ?? `seq:${str(e.attrs, 'event.sequence') ?? e.time}`;
  const spanId = derivedId(8, traceId, 'llm', key);
  const model = str(e.attrs, 'model');
  const attributes: Attributes = {
    [SYNTHETIC_KEY]: 'llm', 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', request_id: key,
  };
  if (model) attributes['gen_ai.request.model'] = attributes['gen_ai.response.model'] = model;
  const uncached = num(e.attrs, 'input_tokens');
  const cacheRead = num(e.attrs, 'cache_read_tokens');
  const cacheWrite = num(e.attrs, 'cache_creation_tokens');
  // Claude Code counts uncached input only; the span model's input includes the cached part.
  if (uncached !== null) attributes['gen_ai.usage.input_tokens'] = uncached + (cacheRead ?? 0) + (cacheWrite ?? 0);
  copyNumber(e.attrs, 'output_tokens', attributes, 'gen_ai.usage.output_tokens');
  if (cacheRead !== null) attributes['gen_ai.usage.cache_read.input_tokens'] = cacheRead;
  if (cacheWrite !== null) attributes['gen_ai.usage.cache_write.input_tokens'] = cacheWrite;
  copyNumber(e.attrs, 'cost_usd', attributes, 'gen_ai.usage.cost');
  copyNumber(e.attrs, 'ttft_ms', attributes, 'ttft_ms');
  const status = e.name === 'api_error'
    ? { code: 2 as const, message: str(e.attrs, 'error') ?? `API error ${str(e.attrs, 'status_code') ?? ''}`.trim() }
    : undefined;
  part(spanId, parentId, 'claude_code.llm_request', minusMs(e.time, num(e.attrs, 'duration_ms')), attributes, status);
  return { traceId, spanId };
}

function toolCall(e: AgentEvent, part: PartMaker, traceId: string, parentId: string): EventTarget {
  const useId = str(e.attrs, 'tool_use_id') ?? `seq:${str(e.attrs, 'event.sequence') ?? e.time}`;
  const spanId = derivedId(8, traceId, 'tool', useId);
  const attributes: Attributes = {
    [SYNTHETIC_KEY]: 'tool', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': useId,
  };
  const name = str(e.attrs, 'tool_name');
  if (name) attributes['gen_ai.tool.name'] = name;
  const args = str(e.attrs, 'tool_input') ?? str(e.attrs, 'tool_parameters');
  if (args) attributes['gen_ai.tool.call.arguments'] = args;
  const result = str(e.attrs, 'tool_result') ?? str(e.attrs, 'tool_output');
  if (result) attributes['gen_ai.tool.call.result'] = result;
  let status: SpanPart['status'];
  if (e.name === 'tool_decision') {
    const decision = str(e.attrs, 'decision');
    const source = str(e.attrs, 'source');
    if (decision) attributes['tool.decision'] = decision;
    if (source) attributes['tool.decision.source'] = source;
    if (decision === 'reject') status = { code: 2, message: `rejected${source ? ` (${source})` : ''}` };
  } else {
    const success = bool(e.attrs, 'success');
    if (success === false) status = { code: 2, message: str(e.attrs, 'error') ?? 'tool failed' };
    const source = str(e.attrs, 'decision_source');
    if (source) attributes['tool.decision.source'] = source;
  }
  const start = e.name === 'tool_result' ? minusMs(e.time, num(e.attrs, 'duration_ms')) : e.time;
  part(spanId, parentId, 'claude_code.tool', start, attributes, status);
  return { traceId, spanId };
}
