/** Reading spans the way contracts see them: attribute and `$field` lookup, matching, trace structure. */
import type { AttrValue, NormalizedSpan } from '../model/types';
import { globMatches } from './patterns';
import type { Scalar, SpanMatch, SpanScope } from './types';

/** Normalized fields a contract may name with a `$` prefix (`$inputTokens`, `$requestModel`, ...). */
export const NORMALIZED_FIELDS = [
  'name', 'kind', 'service', 'status', 'statusMessage', 'errorType', 'operationName', 'provider',
  'requestModel', 'responseModel', 'inputTokens', 'outputTokens', 'totalTokens', 'cacheReadTokens',
  'cacheWriteTokens', 'reasoningTokens', 'costUsd', 'finishReasons', 'toolName', 'toolCallId',
  'toolArguments', 'toolResult', 'agentName', 'workflowName', 'conversationId', 'userId', 'workloadId',
  'promptName', 'promptVersion', 'promptTemplate', 'promptVariables', 'systemInstructions',
  'inputMessages', 'outputMessages', 'retrievalDocuments', 'code',
] as const satisfies readonly (keyof NormalizedSpan)[];
export type NormalizedField = (typeof NORMALIZED_FIELDS)[number];

export function isNormalizedField(name: string): name is NormalizedField {
  return (NORMALIZED_FIELDS as readonly string[]).includes(name);
}

export const DEFAULT_WORKLOAD_KEY = 'workload.id';

/** The value behind a contract key: `$field` reads the normalized span, anything else the span attributes then the resource. */
export function lookup(span: NormalizedSpan, key: string): unknown {
  if (key.startsWith('$')) {
    const field = key.slice(1);
    return isNormalizedField(field) ? span[field] : undefined;
  }
  if (Object.prototype.hasOwnProperty.call(span.attributes, key)) return span.attributes[key];
  if (Object.prototype.hasOwnProperty.call(span.resource, key)) return span.resource[key];
  return undefined;
}

export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function scalarEquals(actual: unknown, expected: Scalar): boolean {
  if (actual === null || actual === undefined || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

export function hasAttributes(span: NormalizedSpan, wanted: Record<string, Scalar>): boolean {
  for (const [key, value] of Object.entries(wanted)) if (!scalarEquals(lookup(span, key), value)) return false;
  return true;
}

export function spanMatches(span: NormalizedSpan, match: SpanMatch): boolean {
  if (match.name !== undefined && !globMatches(match.name, span.name)) return false;
  if (match.kind !== undefined) {
    const kinds = Array.isArray(match.kind) ? match.kind : [match.kind];
    if (!kinds.includes(span.kind)) return false;
  }
  if (match.attributes && !hasAttributes(span, match.attributes)) return false;
  return true;
}

/** A short human label for a match: `tool.citation_check`, `llm spans`, `spans with a.b=1`. */
export function describeMatch(match: SpanMatch): string {
  const parts: string[] = [];
  if (match.name !== undefined) parts.push(match.name);
  if (match.kind !== undefined) {
    const kinds = Array.isArray(match.kind) ? match.kind.join('|') : match.kind;
    parts.push(match.name === undefined ? `${kinds} span` : `(${kinds})`);
  }
  if (match.attributes) {
    const attrs = Object.entries(match.attributes).map(([k, v]) => `${k}=${String(v)}`).join(', ');
    parts.push(parts.length === 0 ? `span with ${attrs}` : `[${attrs}]`);
  }
  return parts.length === 0 ? 'any span' : parts.join(' ');
}

/** Ids, children and the root of one trace, built once per check. */
export class TraceIndex {
  readonly byId = new Map<string, NormalizedSpan>();
  readonly children = new Map<string, NormalizedSpan[]>();
  /** Spans with no parent, or whose parent is not in the trace, earliest first. */
  readonly tops: NormalizedSpan[] = [];
  readonly root: NormalizedSpan | null;

  constructor(readonly spans: readonly NormalizedSpan[]) {
    for (const s of spans) this.byId.set(s.spanId, s);
    for (const s of spans) {
      if (s.parentSpanId != null && this.byId.has(s.parentSpanId)) {
        const list = this.children.get(s.parentSpanId);
        if (list) list.push(s);
        else this.children.set(s.parentSpanId, [s]);
      } else {
        this.tops.push(s);
      }
    }
    this.tops.sort(compareStart);
    // A true root (no parent id) wins over a span whose parent simply has not arrived.
    this.root = this.tops.find((s) => s.parentSpanId == null) ?? this.tops[0] ?? null;
  }

  get traceId(): string {
    return this.spans[0]?.traceId ?? '';
  }

  parent(span: NormalizedSpan): NormalizedSpan | null {
    return span.parentSpanId == null ? null : (this.byId.get(span.parentSpanId) ?? null);
  }

  ancestors(span: NormalizedSpan): NormalizedSpan[] {
    const out: NormalizedSpan[] = [];
    const seen = new Set<string>([span.spanId]);
    let p = this.parent(span);
    while (p && !seen.has(p.spanId)) {
      out.push(p);
      seen.add(p.spanId);
      p = this.parent(p);
    }
    return out;
  }

  /** Spans passing `test` none of whose descendants pass it (the deepest ones). One pass over the tree. */
  deepestMatching(test: (s: NormalizedSpan) => boolean): NormalizedSpan[] {
    // Breadth-first order from the tops; walking it backwards visits children before parents.
    const order: NormalizedSpan[] = [...this.tops];
    for (let i = 0; i < order.length; i++) order.push(...(this.children.get(order[i]!.spanId) ?? []));
    const below = new Set<string>(); // spans with a passing descendant
    const out: NormalizedSpan[] = [];
    for (let i = order.length - 1; i >= 0; i--) {
      const s = order[i]!;
      const passes = test(s);
      if (passes && !below.has(s.spanId)) out.push(s);
      if ((passes || below.has(s.spanId)) && s.parentSpanId != null) below.add(s.parentSpanId);
    }
    return out;
  }

  inScope(scope: SpanScope | undefined): NormalizedSpan[] {
    if (scope === undefined || scope === 'all') return [...this.spans];
    if (scope === 'root') return this.root ? [this.root] : [];
    return this.spans.filter((s) => spanMatches(s, scope));
  }

  startTimeUnixNano(): string {
    let min: bigint | null = null;
    for (const s of this.spans) {
      const t = BigInt(s.startTimeUnixNano);
      if (min === null || t < min) min = t;
    }
    return (min ?? 0n).toString();
  }

  durationMs(): number {
    if (this.spans.length === 0) return 0;
    let min = BigInt(this.spans[0]!.startTimeUnixNano);
    let max = BigInt(this.spans[0]!.endTimeUnixNano);
    for (const s of this.spans) {
      const a = BigInt(s.startTimeUnixNano);
      const b = BigInt(s.endTimeUnixNano);
      if (a < min) min = a;
      if (b > max) max = b;
    }
    return Number(max - min) / 1e6;
  }

  /** The workload id: the configured attribute (span, then resource) when given, else the normalized field; root first. */
  workloadId(workloadKey: string = DEFAULT_WORKLOAD_KEY): string | null {
    const ordered = this.root ? [this.root, ...this.spans.filter((s) => s !== this.root)] : [...this.spans];
    for (const s of ordered) {
      const v = workloadKey === DEFAULT_WORKLOAD_KEY ? (s.workloadId ?? lookup(s, workloadKey)) : lookup(s, workloadKey);
      if (typeof v === 'string' && v !== '') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    }
    return null;
  }
}

export function compareStart(a: NormalizedSpan, b: NormalizedSpan): number {
  const x = BigInt(a.startTimeUnixNano);
  const y = BigInt(b.startTimeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Every string inside an attribute value (arrays and maps walked). */
export function stringsIn(value: AttrValue | undefined, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
