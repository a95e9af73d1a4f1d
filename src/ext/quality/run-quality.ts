// What the scorecards and badges know about a run beyond the store's rollup: its evaluation scores (read from its
// spans, cached) and its contract verdict (from the span contracts). Bounded: at most MAX_CACHED traces are kept.
import { traceFailed, type TraceCheckResult } from '../../core/contracts';
import { readEvaluations, type Evaluation } from '../../core/model/evaluations';
import type { NormalizedSpan } from '../../core/model/types';
import type { RunQuality } from '../../core/quality';
import type { QualityStore } from '../../core/store/views';

const MAX_CACHED = 20_000;
/** Traces bigger than this are not read for scores (reading them costs more than a badge is worth). */
export const MAX_SPANS_FOR_SCORES = 5_000;

export interface QualitySources extends Pick<QualityStore, 'getTraceSpans'> {
  contractResult(traceId: string): TraceCheckResult | undefined;
}

export function verdictOf(result: TraceCheckResult | undefined): boolean | null {
  if (!result || result.contracts.length === 0) return null;
  return !traceFailed(result);
}

export class RunQualityIndex {
  private readonly evaluations = new Map<string, Evaluation[]>();
  private readonly pending = new Map<string, Promise<Evaluation[]>>();

  constructor(private readonly sources: () => QualitySources | null) {}

  /** What is known now, without reading anything. */
  known(traceId: string): RunQuality | undefined {
    const evaluations = this.evaluations.get(traceId);
    const sources = this.sources();
    const passed = verdictOf(sources?.contractResult(traceId));
    if (!evaluations && passed === null) return undefined;
    return { passed, evaluations: evaluations ?? [] };
  }

  cachedEvaluations(traceId: string): Evaluation[] | undefined {
    return this.evaluations.get(traceId);
  }

  /** Read the scores of a trace from its spans (once). */
  async evaluationsOf(traceId: string, spans?: readonly NormalizedSpan[]): Promise<Evaluation[]> {
    const cached = this.evaluations.get(traceId);
    if (cached) return cached;
    if (spans) return this.remember(traceId, spans.flatMap((s) => readEvaluations(s)));
    const running = this.pending.get(traceId);
    if (running) return running;
    const sources = this.sources();
    if (!sources) return [];
    const task = sources.getTraceSpans(traceId)
      .then((all) => this.remember(traceId, all.flatMap((s) => readEvaluations(s))))
      .catch(() => [] as Evaluation[])
      .finally(() => this.pending.delete(traceId));
    this.pending.set(traceId, task);
    return task;
  }

  /** Fill the cache for these traces, a few at a time. */
  async prepare(traceIds: readonly string[], concurrency = 4): Promise<void> {
    const todo = traceIds.filter((id) => !this.evaluations.has(id));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) await this.evaluationsOf(todo[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  }

  forget(): void {
    this.evaluations.clear();
  }

  private remember(traceId: string, list: Evaluation[]): Evaluation[] {
    if (this.evaluations.size >= MAX_CACHED) {
      const oldest = this.evaluations.keys().next().value;
      if (oldest !== undefined) this.evaluations.delete(oldest);
    }
    this.evaluations.set(traceId, list);
    return list;
  }
}
