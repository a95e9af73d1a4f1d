// Anthropic Messages: POST {base}/messages with stream: true. System messages kept in place by the request go
// to `system` (the API has no system role); tool results travel in user turns.
import type { ReplayRequest, ReplayToolChoice } from '../types';
import { AnswerStream, argumentsObject, str, texts, toolCalls, toolResults } from './shared';
import {
  ReplayBuildError, joinUrl, num, parseEvent, StreamFailure, type BuiltBody, type ProviderClient, type ReplayEndpoint,
  type SseEvent, type StreamParser,
} from './types';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com/v1';
export const ANTHROPIC_VERSION = '2023-06-01';
/** The Messages API requires max_tokens; used only when the span recorded none (and said so in `defaulted`). */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type Block = Record<string, unknown>;

function toolChoice(choice: ReplayToolChoice): Block {
  if (choice === 'required') return { type: 'any' };
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.tool };
}

function messages(request: ReplayRequest): { system: string[]; turns: Array<{ role: string; content: Block[] }> } {
  const system = [...request.system];
  const turns: Array<{ role: string; content: Block[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]): void => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  request.messages.forEach((m, i) => {
    if (m.role === 'system') {
      system.push(...texts(m.content));
      return;
    }
    const results: Block[] = toolResults(m).map((r) => {
      if (r.id === null) throw new ReplayBuildError(`messages[${i}]: a tool result without its call id cannot be sent to Anthropic`);
      return { type: 'tool_result', tool_use_id: r.id, content: r.result };
    });
    if (results.length > 0) push('user', results);
    const text: Block[] = texts(m.content).map((t) => ({ type: 'text', text: t }));
    if (m.role === 'assistant') {
      const uses: Block[] = toolCalls(m).map((c) => {
        const input = argumentsObject(c.arguments);
        if (input === null) throw new ReplayBuildError(`messages[${i}]: tool call ${c.name}'s arguments are not a JSON object (Anthropic needs one)`);
        if (c.id === null) throw new ReplayBuildError(`messages[${i}]: tool call ${c.name} has no id (Anthropic needs one)`);
        return { type: 'tool_use', id: c.id, name: c.name, input };
      });
      if (text.length + uses.length > 0) push('assistant', [...text, ...uses]);
    } else if (m.role === 'user' && text.length > 0) push('user', text);
  });
  return { system, turns };
}

export function buildAnthropicBody(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody {
  const p = request.parameters;
  const { system, turns } = messages(request);
  const defaulted: string[] = [];
  const body: Record<string, unknown> = { model: request.model };
  if (p.maxTokens !== undefined) body.max_tokens = p.maxTokens;
  else {
    body.max_tokens = ANTHROPIC_DEFAULT_MAX_TOKENS;
    defaulted.push(`maxTokens = ${ANTHROPIC_DEFAULT_MAX_TOKENS} (the Messages API requires it; the span recorded none)`);
  }
  if (system.length === 1) body.system = system[0];
  else if (system.length > 1) body.system = system.map((text) => ({ type: 'text', text }));
  body.messages = turns;
  body.stream = true;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.topK !== undefined) body.top_k = p.topK;
  if (p.stop !== undefined) body.stop_sequences = p.stop;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      name: t.name, ...(t.description !== null ? { description: t.description } : {}), input_schema: t.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (p.toolChoice !== undefined && body.tools) body.tool_choice = toolChoice(p.toolChoice);
  const dropped: string[] = (['seed', 'frequencyPenalty', 'presencePenalty', 'responseFormat', 'reasoningEffort'] as const).filter((k) => p[k] !== undefined);
  if (p.toolChoice !== undefined && !body.tools) dropped.push('toolChoice');
  return {
    url: joinUrl(endpoint.baseUrl, 'messages'),
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': endpoint.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
    body, dropped, defaulted,
  };
}

class AnthropicStream extends AnswerStream {
  complete = false;

  private readUsage(u: Record<string, unknown> | undefined): void {
    if (!u) return;
    this.usage.inputTokens = num(u.input_tokens) ?? this.usage.inputTokens;
    this.usage.outputTokens = num(u.output_tokens) ?? this.usage.outputTokens;
    this.usage.cacheReadTokens = num(u.cache_read_input_tokens) ?? this.usage.cacheReadTokens;
    this.usage.cacheWriteTokens = num(u.cache_creation_input_tokens) ?? this.usage.cacheWriteTokens;
  }

  onEvent(event: SseEvent): string {
    const data = parseEvent(event.data);
    switch (str(data.type) ?? event.event) {
      case 'message_start': {
        const message = (data.message ?? {}) as Record<string, unknown>;
        this.model = str(message.model);
        this.id = str(message.id);
        this.readUsage(message.usage as Record<string, unknown> | undefined);
        return '';
      }
      case 'content_block_start': {
        const block = (data.content_block ?? {}) as Record<string, unknown>;
        if (block.type === 'tool_use') {
          this.calls.start(num(data.index) ?? this.calls.size, str(block.id), str(block.name) ?? '');
          this.sawOutput = true;
        }
        return '';
      }
      case 'content_block_delta': {
        const delta = (data.delta ?? {}) as Record<string, unknown>;
        if (delta.type === 'text_delta' && typeof delta.text === 'string') {
          this.text += delta.text;
          if (delta.text) this.sawOutput = true;
          return delta.text;
        }
        if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
          this.calls.append(num(data.index) ?? 0, { arguments: delta.partial_json });
        }
        return '';
      }
      case 'message_delta':
        this.finishReason = str(((data.delta ?? {}) as Record<string, unknown>).stop_reason) ?? this.finishReason;
        this.readUsage(data.usage as Record<string, unknown> | undefined);
        return '';
      case 'message_stop':
        this.complete = true;
        return '';
      case 'error':
        throw new StreamFailure(String(((data.error ?? {}) as Record<string, unknown>).message ?? 'error event'));
      default:
        return '';
    }
  }

  override answer(): ReturnType<StreamParser['answer']> {
    // Anthropic counts cached input apart from input_tokens; the span model's input includes it.
    const u = this.usage;
    const input = u.inputTokens === null ? null : u.inputTokens + (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
    const total = input !== null && u.outputTokens !== null ? input + u.outputTokens : null;
    return {
      text: this.text,
      // A call streamed without arguments had none: `{}`.
      toolCalls: this.calls.list().map((c) => ({ ...c, arguments: c.arguments || '{}' })),
      finishReason: this.finishReason, usage: { ...u, inputTokens: input, totalTokens: total }, responseModel: this.model, responseId: this.id,
    };
  }
}

export const anthropicClient: ProviderClient = {
  build: buildAnthropicBody,
  parser: () => new AnthropicStream(),
};
