// Checks traces against the live contract set: once a trace goes quiet, after the contracts change,
// and on demand. No vscode import: driven by a fake worker and fake timers in unit tests.
import {
  EMPTY_CONTRACT_SET, LiveResults, QuietPeriodTracker, checkSpans, realTimers, summarize,
  type CheckSummary, type ContractSet, type FindingGroup, type TimerApi, type TraceCheckResult,
  groupFindings,
} from '../../core/contracts';
import type { NormalizedSpan } from '../../core/model/types';
import type { TraceFilter } from '../../core/model/store-types';
import { ALL_TRACES } from '../../core/store/list-limit';
import type { IngestEvent } from '../../store-worker';
import type { ContractStore } from '../../core/store/views';

export type CheckScope =
  | { kind: 'all' }
  | { kind: 'trace'; traceId: string }
  | { kind: 'workload'; workloadId: string };

export interface CheckRun {
  scope: CheckScope;
  summary: CheckSummary;
  groups: FindingGroup[];
  results: TraceCheckResult[];
}

export interface RunControl {
  isCancellationRequested?: boolean;
  progress?(done: number, total: number): void;
}

export interface EngineOptions {
  store(): ContractStore | null;
  workloadKey(): string;
  quietMs: number;
  timers?: TimerApi;
  /**
   * How many of the newest stored traces are re-checked at once when the contracts change (0: none); the older
   * ones follow in the background, a chunk at a time.
   */
  autoCheckLimit?: number;
  /** Traces per background chunk (default 500). */
  backgroundChunk?: number;
}

export const DEFAULT_AUTO_CHECK_LIMIT = 2000;
const DEFAULT_BACKGROUND_CHUNK = 500;

export class ContractEngine {
  readonly results = new LiveResults();
  private set: ContractSet = EMPTY_CONTRACT_SET;
  private tracker: QuietPeriodTracker;
  /** Traces that received spans and wait for their quiet period (not checked meanwhile). */
  private readonly inProgress = new Set<string>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly liveListeners = new Set<(results: TraceCheckResult[]) => void>();
  /** Bumped whenever stored results are thrown away, which stops a background re-check of older traces. */
  private recheckGeneration = 0;
  private background: Promise<void> = Promise.resolve();
  private attached: ContractStore | null = null;
  private detach: (() => void) | null = null;
  private disposed = false;

  constructor(private readonly options: EngineOptions) {
    this.tracker = this.newTracker(options.quietMs);
  }

  get contracts(): ContractSet {
    return this.set;
  }

  /** Results or contracts changed. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Traces checked live, once they went quiet after new spans (not re-checks after a contract change). */
  onDidCheckLive(listener: (results: TraceCheckResult[]) => void): () => void {
    this.liveListeners.add(listener);
    return () => this.liveListeners.delete(listener);
  }

  setQuietPeriod(ms: number): void {
    if (ms === this.options.quietMs) return;
    this.options.quietMs = ms;
    const pending = [...this.inProgress];
    this.tracker.dispose();
    this.tracker = this.newTracker(ms);
    for (const id of pending) this.tracker.note(id);
  }

  /** Follow the current store worker; a new worker (store reopened) means new data: re-check. */
  syncWorker(): void {
    const worker = this.options.store();
    if (worker === this.attached) return;
    this.detach?.();
    this.attached = worker;
    this.detach = worker ? worker.onDidIngest((e) => this.onIngest(e)) : null;
    this.inProgress.clear();
    this.results.clear();
    this.emit();
    if (worker) void this.recheckRecent();
  }

  /** New contracts: every result is stale; re-check the newest traces. */
  setContracts(set: ContractSet): Promise<void> {
    this.set = set;
    this.emit();
    return this.recheckRecent();
  }

  /** Run the contracts over a scope now; results replace the earlier ones of those traces. */
  check(scope: CheckScope, control: RunControl = {}): Promise<CheckRun> {
    return this.enqueue(async () => {
      const ids = await this.traceIdsIn(scope, ALL_TRACES);
      if (scope.kind === 'all') {
        this.recheckGeneration++;
        this.results.clear();
      }
      const results = await this.checkIds(ids, control);
      this.emit();
      const traces = results.filter((r) => r.contracts.length > 0);
      return { scope, summary: summarize(results), groups: groupFindings(traces.flatMap((r) => r.findings), traces), results };
    });
  }

  /** The result of a trace, checking it now if it is complete but was never checked (e.g. stored before this session). */
  async ensureChecked(traceId: string): Promise<TraceCheckResult | undefined> {
    const known = this.results.get(traceId);
    if (known || this.inProgress.has(traceId) || this.set.contracts.length === 0) return known;
    return this.enqueue(async () => {
      if (!this.results.has(traceId) && !this.inProgress.has(traceId)) {
        // A result (kept even when no contract selects the trace, so it is not checked again) that the
        // panel asked for on demand: tell it when there is something to show (ghost rows, badges).
        const [result] = await this.checkIds([traceId], {});
        if (result && result.contracts.length > 0) this.emit();
      }
      return this.results.get(traceId);
    });
  }

  /** Is the trace waiting for its quiet period? */
  isInProgress(traceId: string): boolean {
    return this.inProgress.has(traceId);
  }

  /** Check every waiting trace now, then wait for all queued work. */
  async flush(): Promise<void> {
    this.tracker.flush();
    await this.whenIdle();
  }

  /** Resolves when all queued checks have finished, the background re-check of older traces included. */
  async whenIdle(): Promise<void> {
    let seen: Promise<unknown>;
    let background: Promise<void>;
    do {
      seen = this.chain;
      background = this.background;
      await Promise.all([seen.catch(() => undefined), background]);
    } while (seen !== this.chain || background !== this.background);
  }

  dispose(): void {
    this.disposed = true;
    this.tracker.dispose();
    this.detach?.();
    this.detach = null;
    this.listeners.clear();
    this.liveListeners.clear();
  }

  private newTracker(ms: number): QuietPeriodTracker {
    return new QuietPeriodTracker(ms, (ids) => void this.onQuiet(ids), this.options.timers ?? realTimers);
  }

  private onIngest(event: IngestEvent): void {
    if (this.disposed) return;
    if (event.traceIds.length === 0 && event.stats.traces === 0) {
      // The store was cleared.
      this.inProgress.clear();
      this.tracker.dispose();
      this.tracker = this.newTracker(this.options.quietMs);
      this.recheckGeneration++;
      if (this.results.size > 0) {
        this.results.clear();
        this.emit();
      }
      return;
    }
    let dropped = false;
    for (const id of event.traceIds) {
      this.inProgress.add(id);
      this.tracker.note(id);
      if (this.results.has(id)) {
        // Late spans: the old verdict no longer describes the trace; it is re-checked once quiet.
        this.results.delete(id);
        dropped = true;
      }
    }
    if (dropped) this.emit();
  }

  private onQuiet(ids: string[]): Promise<void> {
    return this.enqueue(async () => {
      const ready = ids.filter((id) => this.inProgress.delete(id));
      if (ready.length === 0 || this.set.contracts.length === 0) return;
      const results = await this.checkIds(ready, {});
      this.emit();
      for (const l of [...this.liveListeners]) {
        try {
          l(results);
        } catch {
          // a broken listener must not stop the checks
        }
      }
    });
  }

  private recheckRecent(): Promise<void> {
    const generation = ++this.recheckGeneration;
    return this.enqueue(async () => {
      if (generation !== this.recheckGeneration) return; // a newer re-check is queued behind this one
      this.results.clear();
      const limit = this.options.autoCheckLimit ?? DEFAULT_AUTO_CHECK_LIMIT;
      if (this.set.contracts.length > 0 && this.options.store() && limit > 0) {
        const ids = await this.traceIdsIn({ kind: 'all' }, limit);
        await this.checkIds(ids.filter((id) => !this.inProgress.has(id)), {});
        if (ids.length === limit) this.background = this.recheckOlder(generation, limit);
      }
      this.emit();
    });
  }

  /**
   * The stored traces past the newest `offset`, newest first, one queued chunk at a time so live checks and
   * on-demand checks are not held up behind thousands of old traces. Stops when results are reset again.
   */
  private async recheckOlder(generation: number, offset: number): Promise<void> {
    const chunk = this.options.backgroundChunk ?? DEFAULT_BACKGROUND_CHUNK;
    const stale = (): boolean => generation !== this.recheckGeneration || this.disposed;
    let next = offset;
    let more = true;
    while (more && !stale()) {
      more = await this.enqueue(async () => {
        const worker = this.options.store();
        if (stale() || !worker) return false;
        const ids = (await worker.listTraces({ limit: chunk, offset: next })).map((t) => t.traceId);
        next += ids.length;
        const unchecked = ids.filter((id) => !this.inProgress.has(id) && !this.results.has(id));
        await this.checkIds(unchecked, { get isCancellationRequested() { return stale(); } });
        if (unchecked.length > 0 && !stale()) this.emit();
        return ids.length === chunk;
      }).catch(() => false);
    }
  }

  private async traceIdsIn(scope: CheckScope, limit: number): Promise<string[]> {
    if (scope.kind === 'trace') return [scope.traceId];
    const worker = this.options.store();
    if (!worker) throw new Error('Trace storage is not open.');
    const filter: TraceFilter = { limit };
    if (scope.kind === 'workload') filter.workloadId = scope.workloadId;
    return (await worker.listTraces(filter)).map((t) => t.traceId);
  }

  private async checkIds(ids: readonly string[], control: RunControl): Promise<TraceCheckResult[]> {
    const worker = this.options.store();
    if (!worker) throw new Error('Trace storage is not open.');
    const out: TraceCheckResult[] = [];
    const opts = { workloadKey: this.options.workloadKey() };
    for (let i = 0; i < ids.length; i++) {
      if (control.isCancellationRequested || this.disposed) break;
      const id = ids[i]!;
      const spans = await worker.getTraceSpans(id).catch(() => [] as NormalizedSpan[]);
      const result = checkSpans(this.set.contracts, spans, opts);
      if (result) {
        this.results.set(result);
        out.push(result);
      } else {
        this.results.delete(id);
      }
      control.progress?.(i + 1, ids.length);
    }
    return out;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // a broken listener must not stop the checks
      }
    }
  }
}
