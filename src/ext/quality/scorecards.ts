// Prompt-version scorecards on the host: runs from the store's promptRuns query, scores and contract verdicts from
// the run-quality index, aggregated by src/core/quality. Cached until the store or the contract results change.
import { compareCohorts, promptScorecards, type CohortComparison, type PromptScorecard } from '../../core/quality';
import type { PromptScorecardsResult, PromptVersionPair } from '../../protocol/messages';
import type { RunQualityIndex } from './run-quality';
import type { PromptRunSource } from '../../core/store/views';

/** Prompt runs read per request (newest first). */
export const MAX_PROMPT_RUNS = 10_000;
/** The newest runs whose spans are read for evaluation scores. */
export const MAX_SCORED_RUNS = 500;
/** Trace ids sent per version (the newest; the view links the latest runs). */
const TRACE_IDS_SENT = 20;

export class ScorecardService {
  private cache = new Map<string, Promise<PromptScorecardsResult>>();

  constructor(private readonly store: () => PromptRunSource | null, private readonly quality: RunQualityIndex) {}

  /** Store content or contract results changed: recompute on the next request. */
  invalidate(): void {
    this.cache.clear();
  }

  scorecards(promptName?: string): Promise<PromptScorecardsResult> {
    const key = promptName ?? '';
    let result = this.cache.get(key);
    if (!result) {
      result = this.compute(promptName);
      this.cache.set(key, result);
      result.catch(() => this.cache.delete(key));
    }
    return result;
  }

  async compare(pair: PromptVersionPair): Promise<CohortComparison | null> {
    const { cards } = await this.full(pair.promptName);
    const card = cards.find((c) => c.promptName === pair.promptName);
    const a = card?.versions.find((v) => v.promptVersion === pair.versionA);
    const b = card?.versions.find((v) => v.promptVersion === pair.versionB);
    if (!a || !b) return null;
    const comparison = compareCohorts(a, b);
    return { ...comparison, a: trimIds(a), b: trimIds(b) };
  }

  private async compute(promptName?: string): Promise<PromptScorecardsResult> {
    const full = await this.full(promptName);
    return { ...full, cards: full.cards.map((c) => ({ ...c, versions: c.versions.map(trimIds) })) };
  }

  private async full(promptName?: string): Promise<PromptScorecardsResult & { cards: PromptScorecard[] }> {
    const store = this.store();
    if (!store) return { cards: [], runsRead: 0, truncated: false, scoredRuns: 0 };
    const runs = await store.promptRuns({ ...(promptName !== undefined ? { promptName } : {}), limit: MAX_PROMPT_RUNS });
    const newest = [...new Set(runs.map((r) => r.traceId))].slice(0, MAX_SCORED_RUNS);
    await this.quality.prepare(newest);
    const cards = promptScorecards(runs, (id) => this.quality.known(id));
    return { cards, runsRead: runs.length, truncated: runs.length >= MAX_PROMPT_RUNS, scoredRuns: newest.length };
  }
}

function trimIds<T extends { traceIds: string[] }>(v: T): T {
  return v.traceIds.length <= TRACE_IDS_SENT ? v : { ...v, traceIds: v.traceIds.slice(0, TRACE_IDS_SENT) };
}
