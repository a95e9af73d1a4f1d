// Spans built from the coding agents' events arrive in parts: one event opens a model call, a later one (maybe
// in a later request) gives its tokens; every event of a prompt stretches the prompt's root. Parts of one span
// merge: earliest start, latest end, attributes united (later parts win), an error status wins.
import type { Attributes, InstrumentationScope, OtelStatusCode, RawSpan } from '../model/types';
import { SYNTHETIC_KEY } from './dialects';

export interface SpanPart {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  start: string;
  end: string;
  attributes: Attributes;
  status?: { code: OtelStatusCode; message: string };
  resource: Attributes;
  scope: InstrumentationScope;
}

function earlier(a: string, b: string): string {
  return BigInt(a) <= BigInt(b) ? a : b;
}
function later(a: string, b: string): string {
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** True when the span was built from events (its parts merge when they meet in the store). */
export function isSynthetic(span: RawSpan): boolean {
  return typeof span.attributes[SYNTHETIC_KEY] === 'string';
}

export function partToSpan(part: SpanPart): RawSpan {
  return {
    traceId: part.traceId,
    spanId: part.spanId,
    parentSpanId: part.parentSpanId,
    traceState: '',
    name: part.name,
    otelKind: 1,
    startTimeUnixNano: part.start,
    endTimeUnixNano: later(part.start, part.end),
    attributes: part.attributes,
    events: [],
    links: [],
    statusCode: part.status?.code ?? 0,
    statusMessage: part.status?.message ?? '',
    resource: part.resource,
    scope: part.scope,
  };
}

/** Two versions of one synthetic span as one; returns `existing` itself when `incoming` adds nothing. */
export function mergeSynthetic(existing: RawSpan, incoming: RawSpan): RawSpan {
  const start = earlier(existing.startTimeUnixNano, incoming.startTimeUnixNano);
  const end = later(existing.endTimeUnixNano, incoming.endTimeUnixNano);
  let attributesChanged = false;
  for (const [key, value] of Object.entries(incoming.attributes)) {
    if (JSON.stringify(existing.attributes[key]) !== JSON.stringify(value)) {
      attributesChanged = true;
      break;
    }
  }
  const errorArrives = incoming.statusCode === 2 && existing.statusCode !== 2;
  const parentArrives = existing.parentSpanId === null && incoming.parentSpanId !== null;
  if (start === existing.startTimeUnixNano && end === existing.endTimeUnixNano && !attributesChanged && !errorArrives
    && !parentArrives) {
    return existing;
  }
  return {
    ...existing,
    parentSpanId: existing.parentSpanId ?? incoming.parentSpanId,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes: attributesChanged ? { ...existing.attributes, ...incoming.attributes } : existing.attributes,
    statusCode: errorArrives ? 2 : existing.statusCode,
    statusMessage: errorArrives ? incoming.statusMessage : existing.statusMessage,
  };
}

/** Parts with the same ids merged into one raw span each, in first-seen order. */
export function mergeParts(parts: readonly SpanPart[]): RawSpan[] {
  const byKey = new Map<string, RawSpan>();
  for (const part of parts) {
    const key = `${part.traceId}/${part.spanId}`;
    const span = partToSpan(part);
    const seen = byKey.get(key);
    byKey.set(key, seen ? mergeSynthetic(seen, span) : span);
  }
  return [...byKey.values()];
}
