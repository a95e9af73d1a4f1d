// Redaction of one decoded export request: what the store keeps and what forwarding sends on. Pure: the
// input is not changed; spans and logs without a hit come back as the same objects.
import type { Attributes, AttrValue, DecodedRequest, RawLogRecord, RawSpan, SpanEvent, SpanLink } from '../model/types';
import { REDACTED_COUNT_KEY, REDACTED_RULES_KEY } from '../model/redaction-mark';
import type { HitCounts, Redactor } from './engine';

export { REDACTED_COUNT_KEY, REDACTED_RULES_KEY };

export interface RedactedSpanRef {
  traceId: string;
  spanId: string;
  /** Rules that redacted something in the span, its resource or a log record attached to it. */
  rules: string[];
}

export interface RedactionOutcome {
  /** The request to store or forward. */
  request: DecodedRequest;
  /** Values redacted per rule, over the whole request (a shared resource counts once). */
  hits: Record<string, number>;
  /** The spans something was redacted in (including by their resource or an attached log record). */
  spans: RedactedSpanRef[];
}

function mapChanged<T>(items: T[], fn: (item: T) => T): T[] {
  let out: T[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const next = fn(items[i]!);
    if (next !== items[i] && !out) out = items.slice();
    if (out) out[i] = next;
  }
  return out ?? items;
}

function addAll(into: HitCounts, from: HitCounts): void {
  for (const [rule, n] of from) into.set(rule, (into.get(rule) ?? 0) + n);
}

function total(hits: HitCounts): number {
  let n = 0;
  for (const v of hits.values()) n += v;
  return n;
}

function markAttributes(attributes: Attributes, hits: HitCounts): Attributes {
  return { ...attributes, [REDACTED_RULES_KEY]: [...hits.keys()].sort(), [REDACTED_COUNT_KEY]: total(hits) };
}

/** Redacts every string of a decoded request: span and resource attributes, events, links, log records. */
export function redactRequest(request: DecodedRequest, redactor: Redactor): RedactionOutcome {
  if (!redactor.enabled) return { request, hits: {}, spans: [] };
  const requestHits: HitCounts = new Map();
  const bySpan = new Map<string, RedactedSpanRef>();
  const note = (traceId: string | null, spanId: string | null, hits: HitCounts): void => {
    if (!traceId || !spanId || hits.size === 0) return;
    const key = `${traceId}/${spanId}`;
    const ref = bySpan.get(key);
    if (!ref) bySpan.set(key, { traceId, spanId, rules: [...hits.keys()].sort() });
    else ref.rules = [...new Set([...ref.rules, ...hits.keys()])].sort();
  };
  // Spans of one ResourceSpans share their resource object: it is redacted once and stays shared.
  const resources = new Map<Attributes, { value: Attributes; hits: HitCounts }>();
  const resourceOf = (resource: Attributes): { value: Attributes; hits: HitCounts } => {
    let done = resources.get(resource);
    if (!done) {
      const hits: HitCounts = new Map();
      done = { value: redactor.redactMap(resource, hits), hits };
      resources.set(resource, done);
      addAll(requestHits, hits);
    }
    return done;
  };

  const spans = mapChanged(request.spans, (span): RawSpan => {
    const hits: HitCounts = new Map();
    const resource = resourceOf(span.resource);
    const name = redactor.redactText(span.name, hits);
    const statusMessage = redactor.redactText(span.statusMessage, hits);
    const attributes = redactor.redactMap(span.attributes, hits);
    const events = mapChanged(span.events, (e): SpanEvent => {
      const eventName = redactor.redactText(e.name, hits);
      const eventAttributes = redactor.redactMap(e.attributes, hits);
      return eventName === e.name && eventAttributes === e.attributes ? e : { ...e, name: eventName, attributes: eventAttributes };
    });
    const links = mapChanged(span.links, (l): SpanLink => {
      const linkAttributes = redactor.redactMap(l.attributes, hits);
      return linkAttributes === l.attributes ? l : { ...l, attributes: linkAttributes };
    });
    addAll(requestHits, hits);
    addAll(hits, resource.hits);
    if (hits.size === 0) return span;
    note(span.traceId, span.spanId, hits);
    return {
      ...span, name, statusMessage, attributes: markAttributes(attributes, hits), events, links, resource: resource.value,
    };
  });

  const logs = mapChanged(request.logs, (log): RawLogRecord => {
    const hits: HitCounts = new Map();
    const resource = resourceOf(log.resource);
    const body: AttrValue = redactor.redactValue(log.body, hits);
    const attributes = redactor.redactMap(log.attributes, hits);
    addAll(requestHits, hits);
    addAll(hits, resource.hits);
    if (hits.size === 0) return log;
    note(log.traceId, log.spanId, hits);
    return { ...log, body, attributes: markAttributes(attributes, hits), resource: resource.value };
  });

  if (requestHits.size === 0) return { request, hits: {}, spans: [] };
  return { request: { ...request, spans, logs }, hits: Object.fromEntries(requestHits), spans: [...bySpan.values()] };
}
