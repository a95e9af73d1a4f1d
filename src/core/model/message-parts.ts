// Converts the message shapes producers send (OTel parts, OpenAI chat/responses, Vercel AI SDK, Anthropic blocks,
// OpenInference contents, LangChain-serialized messages) into OTel's parts-based ChatMessage.
import { isRecord, parseMaybeJson } from './attributes';
import { fromLangChainMessage } from './langchain';
import type { ChatMessage, MessagePart } from './types';

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** Vercel v5+ wraps tool output as {type:'json'|'text'|..., value}. */
function unwrapToolOutput(v: unknown): unknown {
  return isRecord(v) && typeof v.type === 'string' && 'value' in v ? v.value : v;
}

function textPart(s: string): MessagePart {
  return { type: 'text', content: s };
}

/** One content item; null when it carries nothing (empty text). */
export function toPart(p: unknown): MessagePart | null {
  if (typeof p === 'string') return p.length > 0 ? textPart(p) : null;
  if (!isRecord(p)) return p === null || p === undefined ? null : { type: 'other', value: p };
  switch (p.type) {
    case 'text':
    case 'input_text':
    case 'output_text': {
      const t = str(p.content) ?? str(p.text);
      if (t !== null) return t.length > 0 ? textPart(t) : null;
      break;
    }
    case 'tool_call':
    case 'tool-call':
    case 'tool_use':
    case 'function_call': {
      const fn = isRecord(p.function) ? p.function : null;
      return {
        type: 'tool_call',
        id: str(p.id) ?? str(p.toolCallId) ?? str(p.call_id),
        name: str(p.name) ?? str(p.toolName) ?? str(fn?.name) ?? '',
        arguments: p.arguments ?? p.args ?? p.input ?? fn?.arguments ?? null,
      };
    }
    case 'tool_call_response':
    case 'tool-result':
    case 'tool_result':
    case 'function_call_output':
      return {
        type: 'tool_call_response',
        id: str(p.id) ?? str(p.toolCallId) ?? str(p.tool_use_id) ?? str(p.call_id),
        result: unwrapToolOutput(p.response ?? p.result ?? p.output ?? p.content ?? null),
      };
    default:
      break;
  }
  return { type: 'other', value: p };
}

/** Message content: a string, an array of parts, or a single part. */
export function toParts(content: unknown): MessagePart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content.length > 0 ? [textPart(content)] : [];
  const items = Array.isArray(content) ? content : [content];
  const out: MessagePart[] = [];
  for (const item of items) {
    const part = toPart(item);
    if (part) out.push(part);
  }
  return out;
}

/** OpenAI `tool_calls` ({id, function:{name, arguments}}) or flat ({id, name, arguments}) entries. */
function toolCallParts(calls: unknown): MessagePart[] {
  const list = parseMaybeJson(calls as string);
  if (!Array.isArray(list)) return [];
  const out: MessagePart[] = [];
  for (const c of list) {
    if (!isRecord(c)) continue;
    const fn = isRecord(c.function) ? c.function : null;
    out.push({
      type: 'tool_call',
      id: str(c.id) ?? str(c.toolCallId),
      name: str(fn?.name) ?? str(c.name) ?? str(c.toolName) ?? '',
      arguments: fn?.arguments ?? c.arguments ?? c.args ?? c.input ?? null,
    });
  }
  return out;
}

/**
 * One message object in any supported shape; `defaultRole` fills a missing role (choices, per-role events).
 * Returns null for values that are not message objects.
 */
export function toMessage(value: unknown, defaultRole: string | null = null): ChatMessage | null {
  if (!isRecord(value)) return null;
  const m = value.lc === 1 ? fromLangChainMessage(value) ?? value : value;
  const role = str(m.role) ?? defaultRole;
  if (role === null) return null;
  let parts: MessagePart[];
  if (Array.isArray(m.parts)) {
    parts = toParts(m.parts);
  } else {
    const toolCallId = str(m.tool_call_id) ?? (role === 'tool' ? str(m.id) : null);
    const content = m.content;
    if (toolCallId !== null) {
      parts = content === undefined || content === null ? [] : [{ type: 'tool_call_response', id: toolCallId, result: content }];
    } else {
      parts = toParts(content);
    }
    if (m.tool_calls !== undefined) parts.push(...toolCallParts(m.tool_calls));
  }
  const msg: ChatMessage = { role, parts };
  const name = str(m.name);
  if (name !== null) msg.name = name;
  const finish = str(m.finish_reason) ?? str(m.finishReason);
  if (finish !== null) msg.finishReason = finish;
  return msg;
}

/** A list of messages (array, JSON text, or {messages:[...]}); null when the value is not one. */
export function toMessages(v: unknown, strict = false): ChatMessage[] | null {
  const value = parseMaybeJson(v as string);
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.messages) ? value.messages : null;
  if (!list) return null;
  const out: ChatMessage[] = [];
  for (const item of list) {
    const msg = toMessage(item);
    if (msg) out.push(msg);
    else if (strict) return null;
  }
  return out.length > 0 || !strict ? out : null;
}

/** OpenAI chat completion response `{choices:[{message, finish_reason}]}` → output messages. */
export function messagesFromChoices(v: unknown): ChatMessage[] | null {
  if (!isRecord(v) || !Array.isArray(v.choices)) return null;
  const out: ChatMessage[] = [];
  for (const c of v.choices) {
    if (!isRecord(c)) continue;
    const msg = toMessage(c.message, 'assistant');
    if (!msg) continue;
    const finish = str(c.finish_reason);
    if (finish !== null && msg.finishReason === undefined) msg.finishReason = finish;
    out.push(msg);
  }
  return out.length > 0 ? out : null;
}

/** OpenAI Responses API result `{output:[{type:'message',...}|{type:'function_call',...}]}` → output messages. */
export function messagesFromResponsesOutput(v: unknown): ChatMessage[] | null {
  if (!isRecord(v) || !Array.isArray(v.output)) return null;
  const out: ChatMessage[] = [];
  for (const item of v.output) {
    if (!isRecord(item)) continue;
    if (item.type === 'message') {
      const msg = toMessage(item, 'assistant');
      if (msg) out.push(msg);
    } else if (item.type === 'function_call') {
      const part = toPart(item);
      if (part) out.push({ role: 'assistant', parts: [part] });
    }
  }
  return out.length > 0 ? out : null;
}

export function isSystemRole(role: string): boolean {
  return role === 'system' || role === 'developer';
}
