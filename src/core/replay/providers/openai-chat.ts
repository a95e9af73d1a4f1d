// OpenAI Chat Completions, and every server that speaks it at another base URL (Azure OpenAI, Ollama, LM Studio,
// vLLM, OpenRouter …): POST {base}/chat/completions with stream: true.
import type { ReplayMessage, ReplayRequest, ReplayResponseFormat, ReplayToolChoice } from '../types';
import { AnswerStream, str, texts, toolCalls, toolResults } from './shared';
import {
  joinUrl, num, parseEvent, StreamFailure, type BuiltBody, type ProviderClient, type ReplayEndpoint, type SseEvent,
} from './types';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI's own hosts take `max_completion_tokens` (reasoning models refuse `max_tokens`); compatible servers know `max_tokens`. */
function isOpenAiHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'api.openai.com' || host.endsWith('.openai.azure.com');
  } catch {
    return false;
  }
}

export function openAiHeaders(endpoint: ReplayEndpoint): Record<string, string> {
  let azure = false;
  try {
    azure = new URL(endpoint.baseUrl).hostname.endsWith('.openai.azure.com');
  } catch {
    // an invalid URL fails at fetch with a clear message
  }
  return {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...(azure ? { 'api-key': endpoint.apiKey } : { authorization: `Bearer ${endpoint.apiKey}` }),
  };
}

function contentValue(parts: string[]): string | Array<{ type: 'text'; text: string }> {
  return parts.length === 1 ? parts[0]! : parts.map((text) => ({ type: 'text' as const, text }));
}

function chatMessages(m: ReplayMessage): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  const name = m.name ? { name: m.name } : {};
  // Tool results travel as tool messages, wherever the producer put them (Gemini records them in user turns).
  for (const r of toolResults(m)) out.push({ role: 'tool', ...(r.id !== null ? { tool_call_id: r.id } : {}), content: r.result });
  const text = texts(m.content);
  if (m.role === 'assistant') {
    const calls = toolCalls(m).map((c) => ({
      ...(c.id !== null ? { id: c.id } : {}), type: 'function', function: { name: c.name, arguments: c.arguments },
    }));
    if (text.length > 0 || calls.length > 0) {
      out.push({ role: 'assistant', ...name, content: text.length > 0 ? contentValue(text) : null, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
    } else if (m.content.length === 0) out.push({ role: 'assistant', ...name, content: '' });
  } else if (m.role !== 'tool' && (text.length > 0 || m.content.length === 0)) {
    out.push({ role: m.role, ...name, content: text.length > 0 ? contentValue(text) : '' });
  }
  return out;
}

export function chatToolChoice(choice: ReplayToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.tool } };
}

function responseFormat(format: ReplayResponseFormat): unknown {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
}

export function buildChatBody(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody {
  const p = request.parameters;
  const dropped: string[] = [];
  const messages: Array<Record<string, unknown>> = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: contentValue(request.system) });
  for (const m of request.messages) messages.push(...chatMessages(m));
  const body: Record<string, unknown> = { model: request.model, messages, stream: true, stream_options: { include_usage: true } };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.maxTokens !== undefined) body[isOpenAiHost(endpoint.baseUrl) ? 'max_completion_tokens' : 'max_tokens'] = p.maxTokens;
  if (p.stop !== undefined) body.stop = p.stop;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
  if (p.responseFormat !== undefined) body.response_format = responseFormat(p.responseFormat);
  if (p.reasoningEffort !== undefined) body.reasoning_effort = p.reasoningEffort;
  if (p.topK !== undefined) dropped.push('topK');
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, ...(t.description !== null ? { description: t.description } : {}), ...(t.parameters ? { parameters: t.parameters } : {}) },
    }));
  }
  if (p.toolChoice !== undefined) {
    // The API refuses a tool choice without tools (the AI SDK records `auto` on every call).
    if (body.tools) body.tool_choice = chatToolChoice(p.toolChoice);
    else dropped.push('toolChoice');
  }
  return { url: joinUrl(endpoint.baseUrl, 'chat/completions'), headers: openAiHeaders(endpoint), body, dropped, defaulted: [] };
}

class ChatStream extends AnswerStream {
  private done = false;

  onEvent(event: SseEvent): string {
    if (event.data.trim() === '[DONE]') {
      this.done = true;
      return '';
    }
    const chunk = parseEvent(event.data);
    if (chunk.error) throw new StreamFailure(String((chunk.error as { message?: unknown }).message ?? JSON.stringify(chunk.error)));
    this.model ??= str(chunk.model);
    this.id ??= str(chunk.id);
    const usage = chunk.usage as Record<string, unknown> | null | undefined;
    if (usage) {
      this.usage.inputTokens = num(usage.prompt_tokens);
      this.usage.outputTokens = num(usage.completion_tokens);
      this.usage.totalTokens = num(usage.total_tokens);
      this.usage.cacheReadTokens = num((usage.prompt_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
      this.usage.reasoningTokens = num((usage.completion_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens);
    }
    let out = '';
    for (const choice of (chunk.choices as Array<Record<string, unknown>> | undefined) ?? []) {
      const delta = (choice.delta ?? {}) as Record<string, unknown>;
      if (typeof delta.content === 'string' && delta.content.length > 0) {
        out += delta.content;
        this.sawOutput = true;
      }
      for (const tc of (delta.tool_calls as Array<Record<string, unknown>> | undefined) ?? []) {
        const fn = (tc.function ?? {}) as Record<string, unknown>;
        this.calls.append(num(tc.index) ?? this.calls.size, {
          id: str(tc.id), name: str(fn.name) ?? undefined, arguments: typeof fn.arguments === 'string' ? fn.arguments : undefined,
        });
        this.sawOutput = true;
      }
      if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
    }
    this.text += out;
    return out;
  }

  /** `[DONE]`, or a finish reason from a compatible server that ends the stream without it. */
  get complete(): boolean {
    return this.done || this.finishReason !== null;
  }
}

export const openAiChatClient: ProviderClient = {
  build: buildChatBody,
  parser: () => new ChatStream(),
};
