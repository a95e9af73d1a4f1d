// OpenAI Responses API: POST {base}/responses with stream: true; the system instructions go in `instructions`.
import type { ReplayMessage, ReplayRequest, ReplayResponseFormat, ReplayToolChoice } from '../types';
import { openAiHeaders } from './openai-chat';
import { AnswerStream, str, texts, toolCalls, toolResults } from './shared';
import {
  joinUrl, num, parseEvent, StreamFailure, type BuiltBody, type ProviderClient, type ReplayEndpoint, type SseEvent,
} from './types';

function inputItems(m: ReplayMessage): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const r of toolResults(m)) out.push({ type: 'function_call_output', ...(r.id !== null ? { call_id: r.id } : {}), output: r.result });
  const text = texts(m.content);
  if (m.role !== 'tool' && (text.length > 0 || m.content.length === 0)) {
    const partType = m.role === 'assistant' ? 'output_text' : 'input_text';
    out.push({ role: m.role, content: text.map((t) => ({ type: partType, text: t })) });
  }
  for (const c of toolCalls(m)) {
    out.push({ type: 'function_call', ...(c.id !== null ? { call_id: c.id } : {}), name: c.name, arguments: c.arguments });
  }
  return out;
}

function toolChoice(choice: ReplayToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.tool };
}

function textFormat(format: ReplayResponseFormat): unknown {
  if (format.type === 'text') return { type: 'text' };
  if (format.type === 'json') return { type: 'json_object' };
  return { type: 'json_schema', name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) };
}

export function buildResponsesBody(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody {
  const p = request.parameters;
  const body: Record<string, unknown> = { model: request.model };
  if (request.system.length > 0) body.instructions = request.system.join('\n\n');
  body.input = request.messages.flatMap(inputItems);
  body.stream = true;
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.maxTokens !== undefined) body.max_output_tokens = p.maxTokens;
  if (p.responseFormat !== undefined) body.text = { format: textFormat(p.responseFormat) };
  if (p.reasoningEffort !== undefined) body.reasoning = { effort: p.reasoningEffort };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function', name: t.name, ...(t.description !== null ? { description: t.description } : {}), parameters: t.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (p.toolChoice !== undefined && body.tools) body.tool_choice = toolChoice(p.toolChoice);
  const dropped: string[] = (['topK', 'stop', 'seed', 'frequencyPenalty', 'presencePenalty'] as const).filter((k) => p[k] !== undefined);
  if (p.toolChoice !== undefined && !body.tools) dropped.push('toolChoice');
  return { url: joinUrl(endpoint.baseUrl, 'responses'), headers: openAiHeaders(endpoint), body, dropped, defaulted: [] };
}

class ResponsesStream extends AnswerStream {
  complete = false;

  onEvent(event: SseEvent): string {
    const data = parseEvent(event.data);
    const type = str(data.type) ?? event.event;
    switch (type) {
      case 'response.output_text.delta': {
        const delta = typeof data.delta === 'string' ? data.delta : '';
        if (delta) this.sawOutput = true;
        this.text += delta;
        return delta;
      }
      case 'response.output_item.added':
      case 'response.output_item.done': {
        const item = (data.item ?? {}) as Record<string, unknown>;
        if (item.type === 'function_call') {
          const key = str(item.id) ?? str(item.call_id) ?? this.calls.size;
          this.calls.start(key, str(item.call_id), str(item.name) ?? '', typeof item.arguments === 'string' ? item.arguments : '');
          this.sawOutput = true;
        }
        return '';
      }
      case 'response.completed':
      case 'response.incomplete':
        this.finish(data.response as Record<string, unknown> | undefined);
        return '';
      case 'response.failed':
      case 'error': {
        const response = (data.response ?? {}) as Record<string, unknown>;
        const error = (response.error ?? data.error ?? data) as Record<string, unknown>;
        throw new StreamFailure(String(error.message ?? 'the response failed'));
      }
      default:
        return '';
    }
  }

  private finish(response: Record<string, unknown> | undefined): void {
    this.complete = true;
    if (!response) return;
    this.model = str(response.model);
    this.id = str(response.id);
    const usage = response.usage as Record<string, unknown> | undefined;
    if (usage) {
      this.usage.inputTokens = num(usage.input_tokens);
      this.usage.outputTokens = num(usage.output_tokens);
      this.usage.totalTokens = num(usage.total_tokens);
      this.usage.cacheReadTokens = num((usage.input_tokens_details as Record<string, unknown> | undefined)?.cached_tokens);
      this.usage.reasoningTokens = num((usage.output_tokens_details as Record<string, unknown> | undefined)?.reasoning_tokens);
    }
    const incomplete = (response.incomplete_details ?? null) as Record<string, unknown> | null;
    this.finishReason = str(incomplete?.reason) ?? (this.calls.size > 0 ? 'tool_calls' : str(response.status) === 'completed' ? 'stop' : str(response.status));
  }
}

export const openAiResponsesClient: ProviderClient = {
  build: buildResponsesBody,
  parser: () => new ResponsesStream(),
};
