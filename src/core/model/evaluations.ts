// Evaluation scores (LLM-as-a-judge, heuristics, user feedback) read from every vocabulary that carries them:
//  - OTel GenAI `gen_ai.evaluation.result` events (span events or log records attached to the evaluated span);
//  - OTel GenAI `gen_ai.evaluation.*` attributes on a span of its own (SDKs that emit evaluations as spans);
//  - OpenInference EVALUATOR spans: `metadata` (JSON or flattened `metadata.*`) with score / label /
//    explanation / evaluator_name, else an `output.value` JSON object with score / label / explanation;
//  - Phoenix span-evaluation columns `eval.<name>.score|label|explanation` when they are put on the span;
//  - Langfuse `langfuse.score.<name>` attributes (the mapping Langfuse discussed for OTLP; its SDKs otherwise send
//    scores through the score API, which never reaches an OTLP receiver).
// Pure: a span in, a list out. The trace-level summary averages each evaluation name over the trace.
import { asNumber, asText, isRecord, parseMaybeJson } from './attributes';
import type { Attributes, SpanEvent, SpanKindLabel } from './types';

export type EvaluationSource = 'otel-event' | 'otel-span' | 'openinference' | 'phoenix' | 'langfuse';

export interface Evaluation {
  /** The metric or evaluator name (`relevance`, `judge`, ...). */
  name: string;
  score: number | null;
  label: string | null;
  /** Free text from the evaluator: untrusted, render as text. */
  explanation: string | null;
  source: EvaluationSource;
  /** The span that carried it (for an evaluator span, the evaluator itself). */
  spanId: string;
}

/** The part of a normalized span this reads. */
export interface EvaluatedSpan {
  spanId: string;
  name: string;
  kind: SpanKindLabel;
  attributes: Attributes;
  events: readonly SpanEvent[];
}

export const EVALUATION_EVENT = 'gen_ai.evaluation.result';
const OTEL = { name: 'gen_ai.evaluation.name', score: 'gen_ai.evaluation.score.value', label: 'gen_ai.evaluation.score.label', explanation: 'gen_ai.evaluation.explanation' };

function text(v: unknown): string | null {
  const t = asText(v);
  return t === null || t === '' ? null : t;
}

function make(name: string | null, score: unknown, label: unknown, explanation: unknown, source: EvaluationSource, spanId: string): Evaluation | null {
  const s = asNumber(score);
  const l = text(label);
  if (s === null && l === null) return null;
  return { name: name ?? 'evaluation', score: s, label: l, explanation: text(explanation), source, spanId };
}

function fromOtel(attrs: Attributes, source: EvaluationSource, spanId: string): Evaluation | null {
  if (!(OTEL.score in attrs) && !(OTEL.label in attrs)) return null;
  return make(text(attrs[OTEL.name]), attrs[OTEL.score], attrs[OTEL.label], attrs[OTEL.explanation], source, spanId);
}

function fromRecord(obj: Record<string, unknown>, fallbackName: string, source: EvaluationSource, spanId: string): Evaluation | null {
  const name = text(obj.evaluator_name) ?? text(obj.name) ?? fallbackName;
  return make(name, obj.score, obj.label, obj.explanation, source, spanId);
}

function fromOpenInference(span: EvaluatedSpan): Evaluation | null {
  const a = span.attributes;
  const metadata = parseMaybeJson(a.metadata);
  const flat: Record<string, unknown> = isRecord(metadata) ? { ...metadata } : {};
  for (const key of ['score', 'label', 'explanation', 'evaluator_name']) {
    const v = a[`metadata.${key}`];
    if (v !== undefined) flat[key] = v;
  }
  const byMetadata = fromRecord(flat, span.name, 'openinference', span.spanId);
  if (byMetadata) return byMetadata;
  const output = parseMaybeJson(a['output.value']);
  if (isRecord(output)) return fromRecord(output, span.name, 'openinference', span.spanId);
  return typeof output === 'number' || (typeof output === 'string' && asNumber(output) !== null)
    ? make(span.name, output, null, null, 'openinference', span.spanId)
    : null;
}

const PHOENIX = /^eval\.(.+)\.(score|label|explanation)$/;
const LANGFUSE_PREFIX = 'langfuse.score.';

function fromPrefixed(span: EvaluatedSpan): Evaluation[] {
  const phoenix = new Map<string, Record<string, unknown>>();
  const out: Evaluation[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    if (key.startsWith('eval.')) {
      const m = PHOENIX.exec(key);
      if (m) {
        const entry = phoenix.get(m[1]!) ?? {};
        entry[m[2]!] = value;
        phoenix.set(m[1]!, entry);
      }
    } else if (key.startsWith(LANGFUSE_PREFIX) && key.length > LANGFUSE_PREFIX.length) {
      const name = key.slice(LANGFUSE_PREFIX.length);
      const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : asNumber(value);
      const e = numeric !== null ? make(name, numeric, null, null, 'langfuse', span.spanId) : make(name, null, value, null, 'langfuse', span.spanId);
      if (e) out.push(e);
    }
  }
  for (const [name, entry] of phoenix) {
    const e = make(name, entry.score, entry.label, entry.explanation, 'phoenix', span.spanId);
    if (e) out.push(e);
  }
  return out;
}

/** Every evaluation a span carries. */
export function readEvaluations(span: EvaluatedSpan): Evaluation[] {
  const out: Evaluation[] = [];
  for (const event of span.events) {
    if (event.name !== EVALUATION_EVENT) continue;
    const e = fromOtel(event.attributes, 'otel-event', span.spanId);
    if (e) out.push(e);
  }
  const asSpan = fromOtel(span.attributes, 'otel-span', span.spanId);
  if (asSpan) out.push(asSpan);
  else if (span.kind === 'evaluator') {
    const oi = fromOpenInference(span);
    if (oi) out.push(oi);
  }
  out.push(...fromPrefixed(span));
  return out;
}

/** One evaluation name over a trace (or a cohort): mean score, the most frequent label, how many results. */
export interface EvaluationSummary {
  name: string;
  count: number;
  /** Mean of the numeric scores; null when none was numeric. */
  meanScore: number | null;
  scoredCount: number;
  /** The most frequent label (ties: the first seen). */
  label: string | null;
}

export function summarizeEvaluations(evaluations: readonly Evaluation[]): EvaluationSummary[] {
  const byName = new Map<string, { count: number; sum: number; scored: number; labels: Map<string, number> }>();
  for (const e of evaluations) {
    let acc = byName.get(e.name);
    if (!acc) byName.set(e.name, (acc = { count: 0, sum: 0, scored: 0, labels: new Map() }));
    acc.count++;
    if (e.score !== null) {
      acc.sum += e.score;
      acc.scored++;
    }
    if (e.label !== null) acc.labels.set(e.label, (acc.labels.get(e.label) ?? 0) + 1);
  }
  return [...byName.entries()].map(([name, acc]) => {
    let label: string | null = null;
    let best = 0;
    for (const [l, n] of acc.labels) if (n > best) { best = n; label = l; }
    return { name, count: acc.count, meanScore: acc.scored > 0 ? acc.sum / acc.scored : null, scoredCount: acc.scored, label };
  });
}

/** `judge 0.91 pass`, `relevance relevant`: short text for a badge. */
export function evaluationBadgeText(e: { name: string; meanScore?: number | null; score?: number | null; label: string | null }): string {
  const score = e.meanScore !== undefined ? e.meanScore : e.score ?? null;
  return [e.name, score !== null ? formatScore(score) : null, e.label].filter((p) => p !== null).join(' ');
}

export function formatScore(score: number): string {
  if (Number.isInteger(score)) return String(score);
  return Math.abs(score) < 10 ? score.toFixed(2) : score.toFixed(1);
}
