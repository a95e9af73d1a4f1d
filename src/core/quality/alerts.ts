// Alert rules: which new runs deserve a notification. Pure logic with an injected clock; the editor shows the
// alerts (src/ext/quality/alerts.ts). Rules:
//  - contract-break: a new trace fails an error-severity rule that held for the previous runs of its workload;
//  - cost-spike: a run's cost is above 2× the workload's rolling average (last 50 runs, at most 24 h old);
//  - error-spike: the workload's recent error rate (last 10 runs) is above 3× its rolling rate;
//  - budget-overrun: a run is above 2× a budget limit of a contract that selected it.
// Each (workload, rule) fires at most once per cooldown, and a muted (workload, rule) never fires.

export type AlertKind = 'contract-break' | 'cost-spike' | 'error-spike' | 'budget-overrun';
export const ALERT_KINDS: readonly AlertKind[] = ['contract-break', 'cost-spike', 'error-spike', 'budget-overrun'];

export interface Alert {
  kind: AlertKind;
  workloadId: string | null;
  traceId: string;
  /** `contract/rule` for contract alerts; null for cost and error spikes. */
  rule: string | null;
  message: string;
  atMs: number;
}

/** One finished run as the alerts see it (the trace rollup). */
export interface RunSample {
  traceId: string;
  workloadId: string | null;
  startMs: number;
  costUsd: number;
  errorCount: number;
  durationMs: number;
  totalTokens: number;
}

/** A budget rule of a contract that selected the run. */
export interface BudgetLimits {
  rule: string;
  maxCostUsd?: number;
  maxTotalTokens?: number;
  maxDurationMs?: number;
}

/** A contract verdict for one run. */
export interface CheckSample {
  traceId: string;
  workloadId: string | null;
  /** Error-severity rules of the contracts that selected the run (`contract/rule`). */
  errorRules: readonly string[];
  /** Those of them that failed on this run. */
  failedRules: readonly string[];
  budgets: readonly BudgetLimits[];
}

export interface AlertOptions {
  enabled: Record<AlertKind, boolean>;
  costFactor: number;
  errorFactor: number;
  budgetFactor: number;
  /** Rolling window: at most this many runs, none older than windowMs. */
  windowRuns: number;
  windowMs: number;
  /** The error rate compared with the rolling rate is over this many newest runs. */
  recentRuns: number;
  /** A rolling average needs at least this many earlier runs. */
  minBaselineRuns: number;
  /** A rule "held" when it passed on at least this many runs in a row just before. */
  minHeldRuns: number;
  cooldownMs: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertOptions = {
  enabled: { 'contract-break': true, 'cost-spike': true, 'error-spike': true, 'budget-overrun': true },
  costFactor: 2,
  errorFactor: 3,
  budgetFactor: 2,
  windowRuns: 50,
  windowMs: 24 * 60 * 60 * 1000,
  recentRuns: 10,
  minBaselineRuns: 5,
  minHeldRuns: 3,
  cooldownMs: 10 * 60 * 1000,
};

/** How many recent outcomes of a rule are remembered per workload. */
const RULE_HISTORY = 10;

const workloadKey = (w: string | null): string => w ?? '';
export const muteKey = (workloadId: string | null, rule: string): string => JSON.stringify([workloadId, rule]);

export class AlertRules {
  private readonly runs = new Map<string, RunSample[]>();
  private readonly seenRuns = new Set<string>();
  private readonly ruleHistory = new Map<string, boolean[]>();
  private readonly seenChecks = new Set<string>();
  private readonly lastFired = new Map<string, number>();
  private readonly muted = new Set<string>();

  constructor(private readonly now: () => number, private options: AlertOptions = DEFAULT_ALERT_OPTIONS) {}

  setOptions(options: AlertOptions): void {
    this.options = options;
  }

  mute(workloadId: string | null, rule: string): void {
    this.muted.add(muteKey(workloadId, rule));
  }

  setMuted(keys: Iterable<string>): void {
    this.muted.clear();
    for (const k of keys) this.muted.add(k);
  }

  mutedKeys(): string[] {
    return [...this.muted];
  }

  /** Earlier runs, to start from a baseline instead of nothing (no alerts). */
  seed(samples: readonly RunSample[]): void {
    for (const s of [...samples].sort((a, b) => a.startMs - b.startMs)) this.remember(s);
  }

  /** A run finished: cost and error spikes. */
  observeRun(sample: RunSample): Alert[] {
    if (this.seenRuns.has(sample.traceId)) return [];
    const baseline = this.window(sample.workloadId, sample.startMs);
    this.remember(sample);
    const out: Alert[] = [];
    const o = this.options;
    if (baseline.length >= o.minBaselineRuns) {
      const avg = baseline.reduce((n, r) => n + r.costUsd, 0) / baseline.length;
      if (avg > 0 && sample.costUsd > o.costFactor * avg) {
        this.push(out, 'cost-spike', sample, null,
          `cost per run ${usd(sample.costUsd)} is ${(sample.costUsd / avg).toFixed(1)}× the rolling average ${usd(avg)} (${baseline.length} runs)`);
      }
      const recent = this.window(sample.workloadId, sample.startMs + 1).slice(-o.recentRuns);
      const before = baseline.slice(0, Math.max(0, baseline.length - (o.recentRuns - 1)));
      if (recent.length >= Math.min(o.recentRuns, 5) && before.length >= o.minBaselineRuns) {
        const rate = (list: readonly RunSample[]) => list.filter((r) => r.errorCount > 0).length / list.length;
        const recentRate = rate(recent);
        const baseRate = rate(before);
        const floor = Math.max(baseRate, 1 / before.length);
        const errorsNow = recent.filter((r) => r.errorCount > 0).length;
        if (sample.errorCount > 0 && errorsNow >= 2 && recentRate > o.errorFactor * floor) {
          this.push(out, 'error-spike', sample, null,
            `error rate ${pct(recentRate)} over the last ${recent.length} runs, against ${pct(baseRate)} before (${before.length} runs)`);
        }
      }
    }
    return out;
  }

  /** A run was checked against the contracts: rules that broke after holding, budgets far exceeded. */
  observeCheck(check: CheckSample, run: Pick<RunSample, 'costUsd' | 'totalTokens' | 'durationMs'> | null): Alert[] {
    if (this.seenChecks.has(check.traceId)) return [];
    this.seenChecks.add(check.traceId);
    const out: Alert[] = [];
    const failed = new Set(check.failedRules);
    for (const rule of check.errorRules) {
      const key = JSON.stringify([workloadKey(check.workloadId), rule]);
      const history = this.ruleHistory.get(key) ?? [];
      let streak = 0;
      while (streak < history.length && history[history.length - 1 - streak]) streak++;
      if (failed.has(rule) && streak >= this.options.minHeldRuns) {
        this.push(out, 'contract-break', check, rule, `${rule} failed; it held for the previous ${streak} runs`);
      }
      history.push(!failed.has(rule));
      if (history.length > RULE_HISTORY) history.shift();
      this.ruleHistory.set(key, history);
    }
    if (run) {
      const f = this.options.budgetFactor;
      for (const b of check.budgets) {
        const over: string[] = [];
        if (b.maxCostUsd !== undefined && b.maxCostUsd > 0 && run.costUsd > f * b.maxCostUsd) over.push(`cost ${usd(run.costUsd)} > ${f}× ${usd(b.maxCostUsd)}`);
        if (b.maxTotalTokens !== undefined && b.maxTotalTokens > 0 && run.totalTokens > f * b.maxTotalTokens) over.push(`${run.totalTokens} tokens > ${f}× ${b.maxTotalTokens}`);
        if (b.maxDurationMs !== undefined && b.maxDurationMs > 0 && run.durationMs > f * b.maxDurationMs) over.push(`${Math.round(run.durationMs)} ms > ${f}× ${b.maxDurationMs} ms`);
        if (over.length > 0) this.push(out, 'budget-overrun', check, b.rule, `${b.rule}: ${over.join(', ')}`);
      }
    }
    return out;
  }

  private push(out: Alert[], kind: AlertKind, on: { traceId: string; workloadId: string | null }, rule: string | null, message: string): void {
    if (!this.options.enabled[kind]) return;
    const ruleKey = rule ?? kind;
    if (this.muted.has(muteKey(on.workloadId, ruleKey))) return;
    const now = this.now();
    const fireKey = JSON.stringify([workloadKey(on.workloadId), kind, ruleKey]);
    const last = this.lastFired.get(fireKey);
    if (last !== undefined && now - last < this.options.cooldownMs) return;
    this.lastFired.set(fireKey, now);
    out.push({ kind, workloadId: on.workloadId, traceId: on.traceId, rule, message, atMs: now });
  }

  private remember(sample: RunSample): void {
    this.seenRuns.add(sample.traceId);
    const key = workloadKey(sample.workloadId);
    const list = this.runs.get(key) ?? [];
    list.push(sample);
    list.sort((a, b) => a.startMs - b.startMs);
    if (list.length > this.options.windowRuns * 2) list.splice(0, list.length - this.options.windowRuns * 2);
    this.runs.set(key, list);
  }

  /** The workload's runs before `beforeMs`: the newest windowRuns, none older than windowMs (by the clock). */
  private window(workloadId: string | null, beforeMs: number): RunSample[] {
    const oldest = this.now() - this.options.windowMs;
    const list = (this.runs.get(workloadKey(workloadId)) ?? []).filter((r) => r.startMs < beforeMs && r.startMs >= oldest);
    return list.slice(-this.options.windowRuns);
  }
}

function usd(n: number): string {
  return n >= 0.01 ? `$${n.toFixed(2)}` : `$${n.toPrecision(2)}`;
}

function pct(r: number): string {
  return `${Math.round(r * 100)}%`;
}

/** Collects alerts and hands them on as one batch once `delayMs` passed without a new one (at most `maxDelayMs`). */
export class AlertBatcher {
  private pending: Alert[] = [];
  private timer: unknown = null;
  private firstAt = 0;

  constructor(
    private readonly timers: { now(): number; setTimeout(cb: () => void, ms: number): unknown; clearTimeout(h: unknown): void },
    private readonly deliver: (batch: Alert[]) => void,
    private readonly delayMs = 3000,
    private readonly maxDelayMs = 15000,
  ) {}

  add(alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    if (this.pending.length === 0) this.firstAt = this.timers.now();
    this.pending.push(...alerts);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.delayMs, this.firstAt + this.maxDelayMs - this.timers.now()));
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.deliver(batch);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}

/** One notification for a batch: the first alert's text, and how many more came with it. */
export function batchMessage(batch: readonly Alert[]): string {
  const first = batch[0]!;
  const where = first.workloadId ? `${first.workloadId}: ` : '';
  const more = batch.length > 1 ? ` (+${batch.length - 1} more alert${batch.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}`;
}
