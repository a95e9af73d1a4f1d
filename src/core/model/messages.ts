// Input/output messages and system instructions, whichever way they arrived (priority order of normalization-map.json).
import { attrKey, isRecord, parseMaybeJson, type AttrKey, type AttrReader } from './attributes';
import { contentFromEvents, hasContentEvents } from './events';
import { isLangGraphRoute, langChainInputMessages, langChainToolCallIds } from './langchain';
import { PREFIX, indexed, unflatten } from './flattened';
import {
  isSystemRole, messagesFromChoices, messagesFromResponsesOutput, toMessage, toMessages, toParts,
} from './message-parts';
import type { ChatMessage, MessagePart, SpanEvent, SpanKindLabel } from './types';

const K = {
  inputMessages: attrKey('gen_ai.input.messages'),
  outputMessages: attrKey('gen_ai.output.messages'),
  systemInstructions: attrKey('gen_ai.system_instructions'),
  vercelMessages: attrKey('ai.prompt.messages'),
  vercelPrompt: attrKey('ai.prompt'),
  vercelText: attrKey('ai.response.text'),
  vercelObject: attrKey('ai.response.object'),
  vercelToolCalls: attrKey('ai.response.toolCalls'),
  vercelFinish: attrKey('ai.response.finishReason'),
  langfuseInput: attrKey('langfuse.observation.input'),
  langfuseOutput: attrKey('langfuse.observation.output'),
  inputValue: attrKey('input.value'),
  inputMime: attrKey('input.mime_type'),
  outputValue: attrKey('output.value'),
  outputMime: attrKey('output.mime_type'),
  entityInput: attrKey('traceloop.entity.input'),
  entityOutput: attrKey('traceloop.entity.output'),
  oldPrompt: attrKey('gen_ai.prompt'),
  oldCompletion: attrKey('gen_ai.completion'),
};

export interface Messages {
  input: ChatMessage[] | null;
  output: ChatMessage[] | null;
  system: MessagePart[] | null;
}

/** OpenInference `llm.{input,output}_messages.N.message.*` → OpenAI-like objects, then ChatMessage. */
function fromOpenInference(r: AttrReader, keys: string[], prefix: string): ChatMessage[] {
  const tree = unflatten(r.attrs, keys, prefix.length);
  const out: ChatMessage[] = [];
  for (const entry of indexed(tree)) {
    const m = isRecord(entry) ? entry.message : undefined;
    if (!isRecord(m)) continue;
    const contents = m.contents !== undefined
      ? indexed(m.contents).map((c) => (isRecord(c) ? c.message_content : c))
      : m.content;
    const toolCalls = m.tool_calls !== undefined
      ? indexed(m.tool_calls).map((t) => (isRecord(t) ? t.tool_call : t))
      : undefined;
    const msg = toMessage({ ...m, content: contents, tool_calls: toolCalls }, 'user');
    if (msg) out.push(msg);
  }
  return out;
}

/** Traceloop legacy `gen_ai.prompt.N.*` / `gen_ai.completion.N.*`. Content "null" is JSON.stringify(null): none. */
function fromTraceloop(r: AttrReader, keys: string[], prefix: string, defaultRole: string): ChatMessage[] {
  const tree = unflatten(r.attrs, keys, prefix.length);
  const out: ChatMessage[] = [];
  for (const m of indexed(tree)) {
    if (!isRecord(m)) continue;
    let content: unknown = m.content;
    if (content === 'null') content = null;
    else if (typeof content === 'string' && content.startsWith('[{')) {
      const parsed = parseMaybeJson(content);
      if (Array.isArray(parsed) && parsed.every((p) => isRecord(p) && typeof p.type === 'string')) content = parsed;
    }
    const toolCalls = m.tool_calls !== undefined ? indexed(m.tool_calls) : undefined;
    const msg = toMessage({ ...m, content, tool_calls: toolCalls }, defaultRole);
    if (msg) out.push(msg);
  }
  return out;
}

/** Vercel `system`: a string, a SystemModelMessage `{role:'system', content}`, or a list of either (AI SDK v6+). */
function vercelSystem(v: unknown): MessagePart[] | null {
  const parts: MessagePart[] = [];
  for (const item of Array.isArray(v) ? v : [v]) {
    if (typeof item === 'string') parts.push(...toParts(item));
    else if (isRecord(item)) {
      const msg = toMessage(item, 'system');
      if (msg) parts.push(...msg.parts);
    }
  }
  return parts.length > 0 ? parts : null;
}

/** Vercel `ai.prompt` = {system?, prompt?: string | messages, messages?}. */
function fromVercelPrompt(v: unknown): { input: ChatMessage[] | null; system: MessagePart[] | null } | null {
  if (!isRecord(v)) return null;
  const system = vercelSystem(v.system);
  let input: ChatMessage[] | null = null;
  if (typeof v.prompt === 'string') input = [{ role: 'user', parts: toParts(v.prompt) }];
  else if (Array.isArray(v.prompt)) input = toMessages(v.prompt);
  else if (Array.isArray(v.messages)) input = toMessages(v.messages);
  return { input, system };
}

/** Vercel `ai.response.text` / `ai.response.object` / `ai.response.toolCalls` as one assistant message. */
function fromVercelResponse(r: AttrReader): ChatMessage[] | null {
  const text = r.get(K.vercelText);
  const object = r.get(K.vercelObject);
  const calls = r.json(K.vercelToolCalls);
  if (text === undefined && object === undefined && calls === undefined) return null;
  const parts = toParts(typeof text === 'string' ? text : typeof object === 'string' ? object : null);
  if (Array.isArray(calls)) {
    for (const c of calls) {
      if (!isRecord(c)) continue;
      parts.push({
        type: 'tool_call',
        id: typeof c.toolCallId === 'string' ? c.toolCallId : null,
        name: typeof c.toolName === 'string' ? c.toolName : '',
        arguments: c.input ?? c.args ?? null,
      });
    }
  }
  const msg: ChatMessage = { role: 'assistant', parts };
  const finish = r.get(K.vercelFinish);
  if (typeof finish === 'string') msg.finishReason = finish;
  return [msg];
}

/** A generic payload (Langfuse, Traceloop entity, OpenInference value) only when it clearly holds messages. */
function messagesLike(v: unknown, defaultRole: string, allowText: boolean): ChatMessage[] | null {
  if (typeof v === 'string') return allowText && v.length > 0 ? [{ role: defaultRole, parts: toParts(v) }] : null;
  const list = toMessages(v, true);
  if (list) return list;
  if (defaultRole === 'assistant') {
    const fromApi = messagesFromChoices(v) ?? messagesFromResponsesOutput(v);
    if (fromApi) return fromApi;
    if (isRecord(v)) {
      const one = toMessage(v);
      return one ? [one] : null;
    }
  }
  return null;
}

/** OpenInference `input.value`/`output.value`: plain text, or JSON holding messages. */
function fromOpenInferenceValue(r: AttrReader, key: AttrKey, mimeKey: AttrKey, defaultRole: string): ChatMessage[] | null {
  const value = r.get(key);
  if (typeof value !== 'string' || value.length === 0) return null;
  const mime = r.get(mimeKey);
  if (mime === 'application/json') return messagesLike(r.json(key), defaultRole, false);
  if (mime === 'text/plain') return [{ role: defaultRole, parts: toParts(value) }];
  if (mime !== undefined) return null;
  const parsed = r.json(key);
  return typeof parsed === 'string' ? [{ role: defaultRole, parts: toParts(value) }] : messagesLike(parsed, defaultRole, false);
}

/**
 * Langfuse `langfuse.observation.input`/`output` (the SDK writes strings as they are, anything else as JSON): text on
 * any span but a tool's, as OpenInference's `input.value` is; JSON only when it holds messages.
 */
function fromLangfuseValue(r: AttrReader, key: AttrKey, defaultRole: string): ChatMessage[] | null {
  const raw = r.get(key);
  if (typeof raw === 'string' && raw.trim().length === 0) return null;
  let parsed = r.json(key);
  if (typeof parsed === 'string' && parsed.length > 1 && parsed.startsWith('"') && parsed.endsWith('"')) {
    try {
      parsed = JSON.parse(parsed) as unknown as typeof parsed;
    } catch {
      // not a JSON string literal: keep the text as sent
    }
  }
  if (typeof parsed === 'string') return parsed.length > 0 ? [{ role: defaultRole, parts: toParts(parsed) }] : null;
  if (typeof raw === 'string' && (typeof parsed === 'number' || typeof parsed === 'boolean')) {
    return [{ role: defaultRole, parts: toParts(raw) }];
  }
  return messagesLike(parsed, defaultRole, false);
}

function systemFromInput(input: ChatMessage[] | null): MessagePart[] | null {
  if (!input) return null;
  let parts: MessagePart[] | null = null;
  for (const m of input) if (isSystemRole(m.role)) (parts ??= []).push(...m.parts);
  return parts;
}

/** First source that yields messages; each source is tried only when its attribute is present. */
function readInput(r: AttrReader, kind: SpanKindLabel, vercel: { system: MessagePart[] | null }): ChatMessage[] | null {
  const fam = r.families;
  let m: ChatMessage[] | null = null;
  if (r.has(K.inputMessages) && (m = toMessages(r.json(K.inputMessages)))) return m;
  if (fam.oiInput) return withLangChainInput(r, fromOpenInference(r, fam.oiInput, PREFIX.oiInput));
  if (fam.tlPrompt) return fromTraceloop(r, fam.tlPrompt, PREFIX.tlPrompt, 'user');
  if (r.has(K.vercelMessages) && (m = toMessages(r.json(K.vercelMessages)))) return m;
  if (r.has(K.vercelPrompt)) {
    const p = fromVercelPrompt(r.json(K.vercelPrompt));
    if (p) {
      vercel.system = p.system;
      if (p.input) return p.input;
    }
  }
  if (kind !== 'tool') {
    if (r.has(K.langfuseInput) && (m = fromLangfuseValue(r, K.langfuseInput, 'user'))) return m;
    if (r.has(K.inputValue) && (m = fromOpenInferenceValue(r, K.inputValue, K.inputMime, 'user'))) return m;
    if (r.has(K.entityInput) && (m = messagesLike(r.json(K.entityInput), 'user', false))) return m;
  }
  return r.has(K.oldPrompt) ? toMessages(r.json(K.oldPrompt), true) : null;
}

/** OpenInference's LangChain instrumentation leaves tool-call ids out of `llm.output_messages`; the result has them. */
function withLangChainToolCallIds(r: AttrReader, messages: ChatMessage[]): ChatMessage[] {
  let ids: string[] | null | undefined;
  let i = 0;
  for (const m of messages) {
    for (const p of m.parts) {
      if (p.type !== 'tool_call') continue;
      if (p.id === null) {
        ids ??= langChainToolCallIds(r);
        const id = ids?.[i];
        if (id) p.id = id;
      }
      i++;
    }
  }
  return messages;
}

/**
 * OpenInference's LangChain instrumentation leaves tool-call ids out of `llm.input_messages` (assistant calls and tool
 * results alike); `input.value` holds the same messages serialized with them, so those are used when they line up.
 */
function withLangChainInput(r: AttrReader, messages: ChatMessage[]): ChatMessage[] {
  if (!messages.some((m) => m.role === 'tool' || m.parts.some((p) => p.type === 'tool_call' && p.id === null))) return messages;
  const serialized = langChainInputMessages(r);
  if (!serialized || serialized.length !== messages.length) return messages;
  const converted = serialized.map((m) => toMessage(m));
  if (converted.some((m, i) => m === null || m.role !== messages[i]!.role)) return messages;
  return converted as ChatMessage[];
}

function readOutput(r: AttrReader, kind: SpanKindLabel, spanName: string): ChatMessage[] | null {
  const fam = r.families;
  let m: ChatMessage[] | null = null;
  if (r.has(K.outputMessages) && (m = toMessages(r.json(K.outputMessages)))) return m;
  if (fam.oiOutput) return withLangChainToolCallIds(r, fromOpenInference(r, fam.oiOutput, PREFIX.oiOutput));
  if (fam.tlCompletion) return fromTraceloop(r, fam.tlCompletion, PREFIX.tlCompletion, 'assistant');
  if ((m = fromVercelResponse(r))) return m;
  if (kind !== 'tool') {
    if (r.has(K.langfuseOutput) && (m = fromLangfuseValue(r, K.langfuseOutput, 'assistant'))) return m;
    if (r.has(K.outputValue) && !isLangGraphRoute(r, spanName)
      && (m = fromOpenInferenceValue(r, K.outputValue, K.outputMime, 'assistant'))) return m;
    if (r.has(K.entityOutput) && (m = messagesLike(r.json(K.entityOutput), 'assistant', false))) return m;
  }
  return r.has(K.oldCompletion) ? toMessages(r.json(K.oldCompletion), true) : null;
}

/**
 * Messages from attributes first, then from events (span events and attached log records).
 * Input messages keep system-role messages as sent; `system` is gen_ai.system_instructions, Vercel's `ai.prompt.system`,
 * or the parts of the system/developer input messages, so a viewer showing both should skip system-role inputs.
 */
export function readMessages(r: AttrReader, kind: SpanKindLabel, events: SpanEvent[], spanName = ''): Messages {
  const vercel: { system: MessagePart[] | null } = { system: null };
  let input = readInput(r, kind, vercel);
  let output = readOutput(r, kind, spanName);
  let system: MessagePart[] | null = null;
  if (r.has(K.systemInstructions)) {
    const parts = toParts(r.json(K.systemInstructions));
    if (parts.length > 0) system = parts;
  }
  system ??= vercel.system;
  if ((!input || !output || !system) && hasContentEvents(events)) {
    const ev = contentFromEvents(events);
    input ??= ev.input;
    output ??= ev.output;
    system ??= ev.system;
  }
  system ??= systemFromInput(input);
  return { input, output, system };
}
