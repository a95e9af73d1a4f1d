// Google Gemini: POST {base}/models/{model}:streamGenerateContent?alt=sse. The key goes in the x-goog-api-key
// header, never in the URL (URLs end up in errors and logs).
import type { ReplayRequest, ReplayResponseFormat, ReplayToolChoice } from '../types';
import { AnswerStream, argumentsObject, callNameFor, str, texts, toolCalls, toolResults } from './shared';
import {
  ReplayBuildError, joinUrl, num, parseEvent, StreamFailure, type BuiltBody, type ProviderClient, type ReplayEndpoint,
  type SseEvent,
} from './types';

export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

type Part = Record<string, unknown>;

function toolConfig(choice: ReplayToolChoice): Record<string, unknown> {
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.tool] } };
}

function responseFormat(format: ReplayResponseFormat): Record<string, unknown> {
  if (format.type === 'text') return { responseMimeType: 'text/plain' };
  if (format.type === 'json') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: format.schema };
}

function contents(request: ReplayRequest): { system: string[]; turns: Array<{ role: string; parts: Part[] }> } {
  const system = [...request.system];
  const turns: Array<{ role: string; parts: Part[] }> = [];
  const push = (role: 'user' | 'model', parts: Part[]): void => {
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else turns.push({ role, parts });
  };
  request.messages.forEach((m, i) => {
    if (m.role === 'system') {
      system.push(...texts(m.content));
      return;
    }
    const responses: Part[] = toolResults(m).map((r) => {
      const name = r.name ?? callNameFor(request, r.id);
      if (!name) throw new ReplayBuildError(`messages[${i}]: Gemini needs the tool's name for a tool result, and the span did not record it`);
      // The API takes an object: a result that is not one is passed as {output: text}, as Gemini CLI records its own.
      const response = argumentsObject(r.result) ?? { output: r.result };
      return { functionResponse: { ...(r.id !== null ? { id: r.id } : {}), name, response } };
    });
    if (responses.length > 0) push('user', responses);
    const text: Part[] = texts(m.content).map((t) => ({ text: t }));
    if (m.role === 'assistant') {
      const calls: Part[] = toolCalls(m).map((c) => {
        const args = argumentsObject(c.arguments);
        if (args === null) throw new ReplayBuildError(`messages[${i}]: tool call ${c.name}'s arguments are not a JSON object (Gemini needs one)`);
        return { functionCall: { ...(c.id !== null ? { id: c.id } : {}), name: c.name, args } };
      });
      if (text.length + calls.length > 0) push('model', [...text, ...calls]);
    } else if (m.role === 'user' && text.length > 0) push('user', text);
  });
  return { system, turns };
}

function withAltSse(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}alt=sse`;
}

export function buildGeminiBody(request: ReplayRequest, endpoint: ReplayEndpoint): BuiltBody {
  if (!request.model) throw new ReplayBuildError('Gemini needs a model (it is part of the URL)');
  const p = request.parameters;
  const { system, turns } = contents(request);
  const body: Record<string, unknown> = { contents: turns };
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  if (request.tools && request.tools.length > 0) {
    body.tools = [{
      functionDeclarations: request.tools.map((t) => ({
        name: t.name, ...(t.description !== null ? { description: t.description } : {}), ...(t.parameters ? { parametersJsonSchema: t.parameters } : {}),
      })),
    }];
  }
  if (p.toolChoice !== undefined && body.tools) body.toolConfig = toolConfig(p.toolChoice);
  const generation: Record<string, unknown> = {};
  if (p.temperature !== undefined) generation.temperature = p.temperature;
  if (p.topP !== undefined) generation.topP = p.topP;
  if (p.topK !== undefined) generation.topK = p.topK;
  if (p.maxTokens !== undefined) generation.maxOutputTokens = p.maxTokens;
  if (p.stop !== undefined) generation.stopSequences = p.stop;
  if (p.seed !== undefined) generation.seed = p.seed;
  if (p.frequencyPenalty !== undefined) generation.frequencyPenalty = p.frequencyPenalty;
  if (p.presencePenalty !== undefined) generation.presencePenalty = p.presencePenalty;
  if (p.responseFormat !== undefined) Object.assign(generation, responseFormat(p.responseFormat));
  if (Object.keys(generation).length > 0) body.generationConfig = generation;
  const dropped = p.reasoningEffort !== undefined ? ['reasoningEffort'] : [];
  if (p.toolChoice !== undefined && !body.tools) dropped.push('toolChoice');
  return {
    url: withAltSse(joinUrl(endpoint.baseUrl, `models/${encodeURIComponent(request.model.replace(/^models\//, ''))}:streamGenerateContent`)),
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-goog-api-key': endpoint.apiKey },
    body, dropped, defaulted: [],
  };
}

class GeminiStream extends AnswerStream {
  complete = false;

  onEvent(event: SseEvent): string {
    const data = parseEvent(event.data);
    if (data.error) throw new StreamFailure(String((data.error as Record<string, unknown>).message ?? 'error'));
    this.model = str(data.modelVersion) ?? this.model;
    this.id = str(data.responseId) ?? this.id;
    const u = data.usageMetadata as Record<string, unknown> | undefined;
    if (u) {
      const thoughts = num(u.thoughtsTokenCount);
      const candidates = num(u.candidatesTokenCount);
      this.usage.inputTokens = num(u.promptTokenCount);
      // Gemini counts thinking apart from the candidates; the span model's output includes reasoning.
      this.usage.outputTokens = candidates === null && thoughts === null ? null : (candidates ?? 0) + (thoughts ?? 0);
      this.usage.reasoningTokens = thoughts;
      this.usage.cacheReadTokens = num(u.cachedContentTokenCount);
      this.usage.totalTokens = num(u.totalTokenCount);
    }
    let out = '';
    for (const candidate of (data.candidates as Array<Record<string, unknown>> | undefined) ?? []) {
      const content = (candidate.content ?? {}) as Record<string, unknown>;
      for (const part of (content.parts as Part[] | undefined) ?? []) {
        if (typeof part.text === 'string' && part.thought !== true) {
          out += part.text;
          if (part.text) this.sawOutput = true;
        }
        const call = part.functionCall as Record<string, unknown> | undefined;
        if (call) {
          this.calls.start(this.calls.size, str(call.id), str(call.name) ?? '', JSON.stringify(call.args ?? {}));
          this.sawOutput = true;
        }
      }
      if (typeof candidate.finishReason === 'string') {
        this.finishReason = candidate.finishReason;
        this.complete = true;
      }
    }
    this.text += out;
    return out;
  }
}

export const geminiClient: ProviderClient = {
  build: buildGeminiBody,
  parser: () => new GeminiStream(),
};
