// The recorded call as a ReplayRequest: the normalized span's messages and system instructions, plus the
// parameters and tool definitions read from its raw attributes (and its operation-details events).
import { isSystemRole } from '../model/message-parts';
import type { ChatMessage, MessagePart, NormalizedSpan } from '../model/types';
import { findMarks } from './marks';
import { parameterSources, readParameters } from './parameters';
import { readToolDefinitions } from './tools';
import type { ReplayContent, ReplayMessage, ReplayProvider, ReplayRequest, ReplayRole } from './types';

/** The replay API for a recorded provider name (OTel `gen_ai.provider.name` values, OpenInference, AI SDK provider ids). */
export function replayProviderFor(recorded: string | null, spanName = ''): ReplayProvider | null {
  if (!recorded) return null;
  const p = recorded.toLowerCase();
  if (p.includes('anthropic') || p === 'claude') return 'anthropic';
  if (p.includes('gemini') || p.startsWith('google') || p.startsWith('gcp.') || p.includes('vertex')) return 'gemini';
  if (p === 'openai.responses' || (p.startsWith('openai') && /respons/i.test(spanName))) return 'openai-responses';
  if (p.startsWith('openai') || p.startsWith('azure')) return 'openai';
  return null;
}

function jsonText(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v ?? null) ?? 'null';
}

function roleOf(role: string): ReplayRole {
  const r = role.toLowerCase();
  if (isSystemRole(r)) return 'system';
  if (r === 'assistant' || r === 'ai' || r === 'model' || r === 'bot') return 'assistant';
  if (r === 'tool' || r === 'function' || r === 'ipython' || r === 'tool_result') return 'tool';
  return 'user';
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const t = (value as Record<string, unknown>).type;
    if (typeof t === 'string') return `a ${t} part`;
  }
  return 'a part of unknown type';
}

function contentOf(part: MessagePart, role: ReplayRole, name: string | null): ReplayContent {
  switch (part.type) {
    case 'text':
      // A tool message recorded as plain text is the tool's result, without the id that pairs it.
      return role === 'tool' ? { type: 'tool_result', id: null, name, result: part.content } : { type: 'text', text: part.content };
    case 'tool_call':
      return { type: 'tool_call', id: part.id, name: part.name, arguments: jsonText(part.arguments) };
    case 'tool_call_response':
      return { type: 'tool_result', id: part.id, name, result: jsonText(part.result) };
    default:
      return { type: 'unsupported', description: describe(part.value) };
  }
}

function toReplayMessage(m: ChatMessage): ReplayMessage {
  const role = roleOf(m.role);
  const message: ReplayMessage = { role, content: m.parts.map((p) => contentOf(p, role, role === 'tool' ? m.name ?? null : null)) };
  if (m.name && role !== 'tool') message.name = m.name;
  return message;
}

function systemTexts(parts: readonly MessagePart[] | null): string[] {
  return (parts ?? []).flatMap((p) => (p.type === 'text' ? [p.content] : []));
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * System instructions and conversation. The normalizer's `systemInstructions` is either recorded on its own
 * (gen_ai.system_instructions, the AI SDK's system) or the system-role input messages: in the second case (or
 * when they repeat it) those messages are taken out of the conversation; otherwise they stay where they were.
 */
function splitSystem(span: NormalizedSpan): { system: string[]; messages: ReplayMessage[] } {
  const input = span.inputMessages ?? [];
  const system = systemTexts(span.systemInstructions);
  const fromInput = systemTexts(input.filter((m) => isSystemRole(m.role)).flatMap((m) => m.parts));
  const dropSystemMessages = fromInput.length === 0 || sameTexts(fromInput, system);
  const kept = dropSystemMessages ? input.filter((m) => !isSystemRole(m.role)) : input;
  return { system, messages: kept.map(toReplayMessage) };
}

function answerToolNames(span: NormalizedSpan): string[] {
  return (span.outputMessages ?? []).flatMap((m) => m.parts.flatMap((p) => (p.type === 'tool_call' ? [p.name] : [])));
}

/** Build the editable request for an LLM span. Pure; reads only the span. */
export function replayRequestFromSpan(span: NormalizedSpan): ReplayRequest {
  const readers = parameterSources(span.attributes, span.events);
  const { system, messages } = splitSystem(span);
  const request: Omit<ReplayRequest, 'marks'> = {
    source: {
      traceId: span.traceId,
      spanId: span.spanId,
      spanName: span.name,
      service: span.service,
      recordedProvider: span.provider,
      promptName: span.promptName,
      promptVersion: span.promptVersion,
      promptTemplate: span.promptTemplate,
      promptVariables: span.promptVariables,
    },
    provider: replayProviderFor(span.provider, span.name),
    model: span.requestModel ?? span.responseModel,
    parameters: readParameters(readers),
    tools: readToolDefinitions(readers),
    system,
    messages,
  };
  return { ...request, marks: findMarks(request, span.attributes, span.events, answerToolNames(span)) };
}
