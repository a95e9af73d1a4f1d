/** Rolling findings up: a pass/fail summary, and groups by meaning for the Problems panel and reports. */
import type { Contract, Finding, Severity, TraceCheckResult } from './types';

export interface RuleSummary {
  contract: string;
  rule: string;
  severity: Severity;
  /** Traces with at least one finding for this rule. */
  traces: number;
  findings: number;
}

export interface CheckSummary {
  /** Traces selected by at least one contract. */
  tracesChecked: number;
  /** Checked traces with no error-severity finding (warnings and info do not fail). */
  passed: number;
  failed: number;
  /** Traces no contract selected. */
  skipped: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Keyed `contract/rule`. */
  byRule: Record<string, RuleSummary>;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_ORDER[a] - SEVERITY_ORDER[b];
}

export function traceFailed(result: TraceCheckResult): boolean {
  return result.findings.some((f) => f.severity === 'error');
}

export function summarize(results: readonly TraceCheckResult[]): CheckSummary {
  const summary: CheckSummary = {
    tracesChecked: 0, passed: 0, failed: 0, skipped: 0, errors: 0, warnings: 0, infos: 0, byRule: {},
  };
  for (const result of results) {
    if (result.contracts.length === 0) {
      summary.skipped++;
      continue;
    }
    summary.tracesChecked++;
    if (traceFailed(result)) summary.failed++;
    else summary.passed++;
    const seen = new Set<string>();
    for (const f of result.findings) {
      if (f.severity === 'error') summary.errors++;
      else if (f.severity === 'warning') summary.warnings++;
      else summary.infos++;
      const key = `${f.contract}/${f.rule}`;
      const entry = (summary.byRule[key] ??= { contract: f.contract, rule: f.rule, severity: f.severity, traces: 0, findings: 0 });
      entry.findings++;
      if (!seen.has(key)) {
        seen.add(key);
        entry.traces++;
      }
    }
  }
  return summary;
}

/** What groupFindings needs to know about each trace (a TraceSummary or TraceCheckResult fits). */
export interface TraceInfo {
  traceId: string;
  workloadId: string | null;
  startTimeUnixNano: string;
}

export interface FindingGroup {
  workloadId: string | null;
  contract: string;
  rule: string;
  severity: Severity;
  /** The message of the most recent finding. */
  message: string;
  traceCount: number;
  findingCount: number;
  firstSeenUnixNano: string;
  lastSeenUnixNano: string;
  /** The most recent trace of the group. */
  representativeTraceId: string;
  traceIds: string[];
  location?: Finding['location'];
}

/** Group findings by (workload, contract, rule), most severe then most widespread first. */
export function groupFindings(findings: readonly Finding[], traces: readonly TraceInfo[]): FindingGroup[] {
  const info = new Map<string, TraceInfo>();
  for (const t of traces) info.set(t.traceId, t);
  const groups = new Map<string, FindingGroup & { traceSet: Set<string>; lastTime: bigint; firstTime: bigint }>();
  for (const f of findings) {
    const t = info.get(f.traceId);
    const workloadId = t?.workloadId ?? null;
    const time = BigInt(t?.startTimeUnixNano ?? '0');
    const key = JSON.stringify([workloadId, f.contract, f.rule]);
    let g = groups.get(key);
    if (!g) {
      g = {
        workloadId, contract: f.contract, rule: f.rule, severity: f.severity, message: f.message,
        traceCount: 0, findingCount: 0, firstSeenUnixNano: time.toString(), lastSeenUnixNano: time.toString(),
        representativeTraceId: f.traceId, traceIds: [], traceSet: new Set(), lastTime: time, firstTime: time,
      };
      if (f.location) g.location = f.location;
      groups.set(key, g);
    }
    g.findingCount++;
    if (!g.traceSet.has(f.traceId)) {
      g.traceSet.add(f.traceId);
      g.traceIds.push(f.traceId);
    }
    if (time < g.firstTime) g.firstTime = time;
    if (time > g.lastTime) {
      g.lastTime = time;
      g.representativeTraceId = f.traceId;
      g.message = f.message;
    }
  }
  const out: FindingGroup[] = [];
  for (const g of groups.values()) {
    const { traceSet, lastTime, firstTime, ...group } = g;
    out.push({
      ...group,
      traceCount: traceSet.size,
      firstSeenUnixNano: firstTime.toString(),
      lastSeenUnixNano: lastTime.toString(),
    });
  }
  return out.sort((a, b) =>
    compareSeverity(a.severity, b.severity) || b.traceCount - a.traceCount
    || a.contract.localeCompare(b.contract) || a.rule.localeCompare(b.rule));
}

/** How many traces a contract selected, against the `minTraces` it asks for. */
export interface ContractCoverage {
  contract: string;
  selected: number;
  minTraces: number | null;
}

export function contractCoverage(contracts: readonly Pick<Contract, 'id' | 'minTraces'>[], results: readonly TraceCheckResult[]): ContractCoverage[] {
  const counts = new Map<string, number>();
  for (const r of results) for (const id of r.contracts) counts.set(id, (counts.get(id) ?? 0) + 1);
  return contracts.map((c) => ({ contract: c.id, selected: counts.get(c.id) ?? 0, minTraces: c.minTraces ?? null }));
}

/** The contracts that selected fewer traces than their `minTraces`. */
export function coverageShortfalls(coverage: readonly ContractCoverage[]): ContractCoverage[] {
  return coverage.filter((c) => c.minTraces !== null && c.selected < c.minTraces);
}
