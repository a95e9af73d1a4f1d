/** One evaluator per rule type. Each returns findings without trace/contract ids filled (the checker adds them). */
import type { NormalizedSpan } from '../model/types';
import { globMatches, valuePatternMatches } from './patterns';
import { TraceIndex, describeMatch, isPresent, lookup, spanMatches, stringsIn } from './spans';
import type {
  AttributesRule, BudgetRule, ForbiddenRule, MissingSpan, NoErrorsRule, NoOrphansRule, Rule, SpanMatch, SpanRule,
} from './types';

export interface RuleHit {
  spanId: string | null;
  message: string;
  missing?: MissingSpan;
}

export function evaluateRule(rule: Rule, trace: TraceIndex): RuleHit[] {
  switch (rule.type) {
    case 'span': return checkSpanRule(rule, trace);
    case 'attributes': return checkAttributes(rule, trace);
    case 'forbidden': return checkForbidden(rule, trace);
    case 'budget': return checkBudget(rule, trace);
    case 'no-errors': return checkNoErrors(rule, trace);
    case 'no-orphans': return checkNoOrphans(rule, trace);
  }
}

function spanLabel(s: NormalizedSpan): string {
  return `'${s.name}'`;
}

function checkSpanRule(rule: SpanRule, trace: TraceIndex): RuleHit[] {
  const hits: RuleHit[] = [];
  const matched = trace.spans.filter((s) => spanMatches(s, rule.match));
  const label = describeMatch(rule.match);
  if (matched.length < rule.min) {
    // Where the ghost row goes: under the required parent/ancestor if present, else under the root.
    const anchorMatch = rule.parent ?? rule.ancestor;
    const anchor = anchorMatch ? trace.spans.find((s) => spanMatches(s, anchorMatch)) : undefined;
    const parentSpanId = anchor?.spanId ?? trace.root?.spanId ?? null;
    const message = matched.length === 0
      ? `missing span: ${label}`
      : `expected at least ${rule.min} × ${label}, found ${matched.length}`;
    const afterSpanId = rule.after ? lastChildHolding(trace, parentSpanId, rule.after) : null;
    hits.push({ spanId: null, message, missing: { label: rule.match.name ?? label, parentSpanId, afterSpanId } });
  }
  if (rule.max !== undefined && matched.length > rule.max) {
    const extra = [...matched].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))[rule.max];
    hits.push({
      spanId: extra?.spanId ?? null,
      message: `expected at most ${rule.max} × ${label}, found ${matched.length}`,
    });
  }
  const afterMatch = rule.after;
  const candidates = afterMatch ? trace.spans.filter((s) => spanMatches(s, afterMatch)) : [];
  // The two earliest ends are enough: a span is never compared with itself.
  const ends = candidates.map((s) => ({ s, end: BigInt(s.endTimeUnixNano) }))
    .sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0)).slice(0, 2);
  for (const span of matched) {
    if (rule.parent) {
      const parent = trace.parent(span);
      if (!parent || !spanMatches(parent, rule.parent)) {
        const actual = parent ? `is under ${spanLabel(parent)}` : 'has no parent in the trace';
        hits.push({ spanId: span.spanId, message: `${spanLabel(span)} must be a child of ${describeMatch(rule.parent)} but ${actual}` });
      }
    }
    if (rule.ancestor) {
      const ancestorMatch = rule.ancestor;
      if (!trace.ancestors(span).some((a) => spanMatches(a, ancestorMatch))) {
        hits.push({ spanId: span.spanId, message: `${spanLabel(span)} must be inside ${describeMatch(ancestorMatch)}` });
      }
    }
    if (afterMatch) {
      const earliest = ends.find((e) => e.s !== span);
      if (!earliest || earliest.end > BigInt(span.startTimeUnixNano)) {
        const why = !earliest ? `there is no ${describeMatch(afterMatch)}` : `it started before any of them ended`;
        hits.push({ spanId: span.spanId, message: `${spanLabel(span)} must start after ${describeMatch(afterMatch)} ends, but ${why}` });
      }
    }
  }
  return hits;
}

/**
 * Of the children of `parentSpanId` (the top-level spans when null) that are or contain a span matching `match`,
 * the one that ends last (ties: the later start). Where a ghost row goes: right after that child's subtree.
 */
function lastChildHolding(trace: TraceIndex, parentSpanId: string | null, match: SpanMatch): string | null {
  // Span id → the child of the parent it sits under (null: none). Shared between walks so a deep trace stays linear.
  const childOf = new Map<string, NormalizedSpan | null>();
  let best: NormalizedSpan | null = null;
  for (const span of trace.spans) {
    if (!spanMatches(span, match)) continue;
    const path: NormalizedSpan[] = [];
    const onPath = new Set<string>();
    let found: NormalizedSpan | null = null;
    for (let s: NormalizedSpan | null = span; s && !onPath.has(s.spanId); s = trace.parent(s)) {
      const known = childOf.get(s.spanId);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(s);
      onPath.add(s.spanId);
      const p = trace.parent(s);
      if ((p?.spanId ?? null) === parentSpanId && p !== s) {
        found = s;
        break;
      }
    }
    for (const s of path) childOf.set(s.spanId, found);
    if (found && (!best || endsAfter(found, best))) best = found;
  }
  return best?.spanId ?? null;
}

function endsAfter(a: NormalizedSpan, b: NormalizedSpan): boolean {
  const ea = BigInt(a.endTimeUnixNano);
  const eb = BigInt(b.endTimeUnixNano);
  return ea > eb || (ea === eb && BigInt(a.startTimeUnixNano) > BigInt(b.startTimeUnixNano));
}

function checkAttributes(rule: AttributesRule, trace: TraceIndex): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const span of trace.inScope(rule.on)) {
    const missing = rule.required.filter((entry) => !entry.split('|').some((key) => isPresent(lookup(span, key))));
    if (missing.length > 0) {
      hits.push({ spanId: span.spanId, message: `${spanLabel(span)} lacks ${missing.join(', ')}` });
    }
  }
  return hits;
}

function checkForbidden(rule: ForbiddenRule, trace: TraceIndex): RuleHit[] {
  const hits: RuleHit[] = [];
  const patterns = rule.values ?? [];
  for (const span of trace.inScope(rule.on)) {
    const problems: string[] = [];
    const sources: Array<{ where: string; attrs: NormalizedSpan['attributes'] }> = [
      { where: '', attrs: span.attributes },
      ...span.events.map((e) => ({ where: `event '${e.name}' `, attrs: e.attributes })),
    ];
    for (const { where, attrs } of sources) {
      for (const [key, value] of Object.entries(attrs)) {
        if (rule.keys?.some((g) => globMatches(g, key))) problems.push(`${where}attribute '${key}' is forbidden`);
        if (patterns.length === 0) continue;
        if (rule.in && !rule.in.some((g) => globMatches(g, key))) continue;
        const strings = stringsIn(value);
        // Name the pattern, never echo the value: the finding itself must not leak the secret.
        const hit = patterns.find((p) => strings.some((s) => valuePatternMatches(p, s)));
        if (hit) problems.push(`${where}attribute '${key}' matches ${hit}`);
      }
    }
    // A value redaction removed at ingest still broke the rule: the span names the preset that took it.
    const redacted = !rule.in ? patterns.filter((p) => p.startsWith('preset:') && span.redaction?.rules.includes(p.slice(7))) : [];
    for (const p of redacted) problems.push(`carried a value matching ${p} (redacted at ingest)`);
    if (problems.length > 0) {
      const shown = problems.slice(0, 3).join('; ');
      const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
      hits.push({ spanId: span.spanId, message: `${spanLabel(span)}: ${shown}${more}` });
    }
  }
  return hits;
}

/** Usage is counted on the deepest span that reports it, so a wrapper that sums its children is not counted twice. */
function usageSpans(trace: TraceIndex, has: (s: NormalizedSpan) => boolean): NormalizedSpan[] {
  return trace.deepestMatching(has);
}

function spanTokens(s: NormalizedSpan): number | null {
  // Loose checks: spans from older stores or other tools may leave fields undefined.
  if (typeof s.totalTokens === 'number') return s.totalTokens;
  const input = typeof s.inputTokens === 'number' ? s.inputTokens : null;
  const output = typeof s.outputTokens === 'number' ? s.outputTokens : null;
  if (input === null && output === null) return null;
  return (input ?? 0) + (output ?? 0);
}

function canonicalArgs(text: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text.trim();
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own keys: a `__proto__` key in tool arguments stays part of the comparison.
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function round(n: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function checkBudget(rule: BudgetRule, trace: TraceIndex): RuleHit[] {
  const hits: RuleHit[] = [];
  if (rule.maxDurationMs !== undefined) {
    const d = trace.durationMs();
    if (d > rule.maxDurationMs) hits.push({ spanId: null, message: `trace took ${round(d, 3)} ms, budget ${rule.maxDurationMs} ms` });
  }
  if (rule.maxTotalTokens !== undefined) {
    const total = usageSpans(trace, (s) => spanTokens(s) !== null).reduce((sum, s) => sum + (spanTokens(s) ?? 0), 0);
    if (total > rule.maxTotalTokens) hits.push({ spanId: null, message: `trace used ${total} tokens, budget ${rule.maxTotalTokens}` });
  }
  if (rule.maxCostUsd !== undefined) {
    const cost = usageSpans(trace, (s) => typeof s.costUsd === 'number').reduce((sum, s) => sum + (s.costUsd ?? 0), 0);
    if (cost > rule.maxCostUsd) hits.push({ spanId: null, message: `trace cost $${round(cost)}, budget $${rule.maxCostUsd}` });
  }
  if (rule.maxSpans !== undefined && trace.spans.length > rule.maxSpans) {
    hits.push({ spanId: null, message: `trace has ${trace.spans.length} spans, budget ${rule.maxSpans}` });
  }
  if (rule.maxToolRepeats !== undefined) {
    const calls = new Map<string, NormalizedSpan[]>();
    for (const s of trace.spans) {
      if (typeof s.toolName !== 'string' || typeof s.toolArguments !== 'string') continue;
      const key = `${s.toolName}\u0000${canonicalArgs(s.toolArguments)}`;
      const list = calls.get(key);
      if (list) list.push(s);
      else calls.set(key, [s]);
    }
    for (const list of calls.values()) {
      const repeats = list.length - 1;
      if (repeats > rule.maxToolRepeats) {
        list.sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
        const first = list[0]!;
        hits.push({
          spanId: list[rule.maxToolRepeats + 1]!.spanId,
          message: `tool '${first.toolName}' was called ${list.length} times with the same arguments (at most ${rule.maxToolRepeats} repeat${rule.maxToolRepeats === 1 ? '' : 's'} allowed)`,
        });
      }
    }
  }
  return hits;
}

function checkNoErrors(rule: NoErrorsRule, trace: TraceIndex): RuleHit[] {
  return trace.inScope(rule.on)
    .filter((s) => s.status === 'error')
    .map((s) => {
      const why = [s.errorType, s.statusMessage].filter((x): x is string => !!x).join(': ');
      return { spanId: s.spanId, message: `${spanLabel(s)} failed${why ? `: ${why}` : ''}` };
    });
}

function checkNoOrphans(_rule: NoOrphansRule, trace: TraceIndex): RuleHit[] {
  return trace.spans
    .filter((s) => s.parentSpanId != null && !trace.byId.has(s.parentSpanId))
    .map((s) => ({ spanId: s.spanId, message: `${spanLabel(s)} names parent ${s.parentSpanId} which is not in the trace` }));
}
