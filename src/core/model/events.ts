// Span events plus attached log records, and the GenAI content that arrives as events.
import { isRecord, parseMaybeJson } from './attributes';
import { toMessage, toMessages, toParts } from './message-parts';
import type { Attributes, ChatMessage, MessagePart, RawLogRecord, SpanEvent } from './types';

/** Attribute keys added to events made from log records. */
export const LOG_EVENT_KEYS = { body: 'log.body', severity: 'log.severity', marker: 'otel.log' } as const;

/**
 * A log record as a span event: name = eventName, else the `event.name` attribute, else 'log'; time = the record's
 * time (observed time when unset); attributes = the record's attributes plus
 * `log.body` (the body AnyValue, null when absent), `log.severity` (severityText, '' when absent) and `otel.log: true`.
 */
export function logToEvent(log: RawLogRecord): SpanEvent {
  const attrName = log.attributes['event.name'];
  const name = log.eventName || (typeof attrName === 'string' && attrName) || 'log';
  const time = log.timeUnixNano && log.timeUnixNano !== '0' ? log.timeUnixNano : log.observedTimeUnixNano;
  const attributes: Attributes = {
    ...log.attributes,
    [LOG_EVENT_KEYS.body]: log.body,
    [LOG_EVENT_KEYS.severity]: log.severityText,
    [LOG_EVENT_KEYS.marker]: true,
  };
  return { name, timeUnixNano: time, attributes };
}

function compareNanos(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** Span events followed by the log records, ordered by time (stable: equal times keep arrival order). */
export function mergeEvents(spanEvents: SpanEvent[], logs: RawLogRecord[]): SpanEvent[] {
  if (logs.length === 0) return spanEvents;
  const all = spanEvents.concat(logs.map(logToEvent));
  return all.sort((x, y) => compareNanos(x.timeUnixNano, y.timeUnixNano));
}

const ROLE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** The event's content: log body fields over attributes; older span events put JSON in `gen_ai.event.content`. */
function payload(e: SpanEvent): Record<string, unknown> {
  const a = e.attributes;
  const merged: Record<string, unknown> = { ...a };
  const legacy = parseMaybeJson(a['gen_ai.event.content']);
  if (isRecord(legacy)) Object.assign(merged, legacy);
  const body = a[LOG_EVENT_KEYS.body];
  if (isRecord(body)) Object.assign(merged, body);
  else if (typeof body === 'string' && body.length > 0 && merged.content === undefined) merged.content = body;
  return merged;
}

export interface EventContent {
  input: ChatMessage[] | null;
  output: ChatMessage[] | null;
  system: MessagePart[] | null;
}

/** True when any event may carry GenAI content, so spans without such events skip the work. */
export function hasContentEvents(events: SpanEvent[]): boolean {
  for (const e of events) if (e.name.startsWith('gen_ai.')) return true;
  return false;
}

export function contentFromEvents(events: SpanEvent[]): EventContent {
  const result: EventContent = { input: null, output: null, system: null };
  const perMessage: ChatMessage[] = [];
  const choices: ChatMessage[] = [];
  for (const e of events) {
    const role = ROLE_EVENTS[e.name];
    if (role !== undefined) {
      const p = payload(e);
      const msg = toMessage(p, role);
      if (msg) perMessage.push(msg);
    } else if (e.name === 'gen_ai.choice') {
      const p = payload(e);
      const msg = toMessage(parseMaybeJson(p.message as string), 'assistant') ?? { role: 'assistant', parts: [] };
      const finish = p.finish_reason;
      if (typeof finish === 'string' && msg.finishReason === undefined) msg.finishReason = finish;
      choices.push(msg);
    } else if (e.name === 'gen_ai.client.inference.operation.details') {
      const p = payload(e);
      result.input ??= toMessages(p['gen_ai.input.messages']);
      result.output ??= toMessages(p['gen_ai.output.messages']);
      if (!result.system && p['gen_ai.system_instructions'] !== undefined) {
        const parts = toParts(parseMaybeJson(p['gen_ai.system_instructions'] as string));
        if (parts.length > 0) result.system = parts;
      }
    } else if (e.name === 'gen_ai.content.prompt') {
      result.input ??= toMessages(e.attributes['gen_ai.prompt']);
    } else if (e.name === 'gen_ai.content.completion') {
      result.output ??= toMessages(e.attributes['gen_ai.completion']);
    }
  }
  if (!result.input && perMessage.length > 0) result.input = perMessage;
  if (!result.output && choices.length > 0) result.output = choices;
  return result;
}
