// Where the time of one model call went: time to first token (where the producer records it), generation time
// after it, and output tokens per second.
import { asNumber, attrKey, attrKeys, type AttrKey } from '../model/attributes';
import { AttrReader } from '../model/attributes';
import type { NormalizedSpan } from '../model/types';

/** Time to first token as a duration, with the unit each vocabulary uses. */
const TTFT_SECONDS = attrKeys(['gen_ai.response.time_to_first_chunk', 'gen_ai.server.time_to_first_token']);
const TTFT_MS = attrKeys(['ai.response.msToFirstChunk', 'ai.stream.msToFirstChunk']);
/** Time of the first token as a timestamp (Langfuse's completion start time, ISO 8601). */
const COMPLETION_START = attrKey('langfuse.observation.completion_start_time');
/** Span events that mark the first streamed token or chunk (the first one of them counts). */
export const FIRST_TOKEN_EVENTS: ReadonlySet<string> = new Set([
  'ai.stream.firstChunk', // Vercel AI SDK
  'First Token Stream Event', // OpenInference (LangChain and others)
  'gen_ai.content.completion.chunk', 'llm.content.completion.chunk', // OpenLLMetry streaming chunks
  'stream.output', // Langtrace
]);
const TOKENS_PER_SECOND = attrKeys(['ai.response.avgOutputTokensPerSecond', 'ai.response.avgCompletionTokensPerSecond']);

export interface SpanTiming {
  durationMs: number;
  /** Time to first token in ms; null when the producer did not record it. */
  ttftMs: number | null;
  /** Where the time to first token came from (attribute or event name). */
  ttftSource: string | null;
  /** Time spent generating after the first token (the whole call when the first token time is unknown). */
  generationMs: number;
  /** Output tokens per second of generation time; the producer's own figure when it reports one. */
  outputTokensPerSecond: number | null;
  tokensPerSecondSource: 'producer' | 'computed' | null;
}

function firstKey(r: AttrReader, keys: readonly AttrKey[]): { value: number; key: string } | null {
  for (const k of keys) {
    const n = asNumber(r.get(k));
    if (n !== null && n >= 0) return { value: n, key: k.name };
  }
  return null;
}

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

function fromCompletionStart(r: AttrReader, startNs: bigint): number | null {
  const v = r.get(COMPLETION_START);
  if (typeof v !== 'string') return null;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return null;
  // Millisecond precision is all an ISO time gives; sub-millisecond digits are dropped.
  const ms = t - Number(startNs / 1_000_000n);
  return ms >= 0 ? ms : null;
}

function safeBigInt(text: string): bigint | null {
  try {
    return BigInt(text);
  } catch {
    return null;
  }
}

/** Time to first token of an LLM call, from attributes first, then first-token events. */
export function timeToFirstToken(span: NormalizedSpan): { ms: number; source: string } | null {
  const r = new AttrReader(span.attributes);
  const seconds = firstKey(r, TTFT_SECONDS);
  if (seconds) return { ms: seconds.value * 1000, source: seconds.key };
  const ms = firstKey(r, TTFT_MS);
  if (ms) return { ms: ms.value, source: ms.key };
  const start = safeBigInt(span.startTimeUnixNano);
  if (start === null) return null;
  const fromLangfuse = fromCompletionStart(r, start);
  if (fromLangfuse !== null) return { ms: fromLangfuse, source: COMPLETION_START.name };
  let first: { at: bigint; name: string } | null = null;
  for (const e of span.events) {
    if (!FIRST_TOKEN_EVENTS.has(e.name)) continue;
    const at = safeBigInt(e.timeUnixNano);
    if (at !== null && at >= start && (first === null || at < first.at)) first = { at, name: e.name };
  }
  return first ? { ms: nsToMs(first.at - start), source: `event ${first.name}` } : null;
}

/** Timing of a model call; null for spans that are not model calls. */
export function spanTiming(span: NormalizedSpan): SpanTiming | null {
  if (span.kind !== 'llm') return null;
  const ttft = timeToFirstToken(span);
  const ttftMs = ttft && ttft.ms <= span.durationMs ? ttft.ms : null;
  const generationMs = Math.max(0, span.durationMs - (ttftMs ?? 0));
  const reported = new AttrReader(span.attributes).num(TOKENS_PER_SECOND);
  let tps: number | null = null;
  let source: SpanTiming['tokensPerSecondSource'] = null;
  if (reported !== null && reported >= 0) {
    tps = reported;
    source = 'producer';
  } else if (typeof span.outputTokens === 'number' && span.outputTokens > 0 && generationMs > 0) {
    tps = span.outputTokens / (generationMs / 1000);
    source = 'computed';
  }
  return {
    durationMs: span.durationMs,
    ttftMs,
    ttftSource: ttftMs === null ? null : ttft!.source,
    generationMs,
    outputTokensPerSecond: tps,
    tokensPerSecondSource: source,
  };
}
