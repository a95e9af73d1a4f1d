/** Selecting traces and running contracts over them. Pure: spans in, findings out. */
import type { NormalizedSpan } from '../model/types';
import { evaluateRule } from './rules';
import { DEFAULT_WORKLOAD_KEY, TraceIndex, hasAttributes } from './spans';
import { globMatches } from './patterns';
import type { CheckOptions, Contract, Finding, TraceCheckResult } from './types';

function indexOf(spans: readonly NormalizedSpan[] | TraceIndex): TraceIndex {
  return spans instanceof TraceIndex ? spans : new TraceIndex(spans);
}

/** Does the contract apply to this trace? Every condition given in `select` must hold. */
export function selectsTrace(contract: Contract, spans: readonly NormalizedSpan[] | TraceIndex, opts: CheckOptions = {}): boolean {
  const trace = indexOf(spans);
  if (trace.spans.length === 0) return false;
  const sel = contract.select;
  if (sel.workload !== undefined) {
    const workload = trace.workloadId(opts.workloadKey ?? DEFAULT_WORKLOAD_KEY);
    if (workload === null || !globMatches(sel.workload, workload)) return false;
  }
  if (sel.rootName !== undefined && !(trace.root && globMatches(sel.rootName, trace.root.name))) return false;
  if (sel.service !== undefined && !(trace.root?.service && globMatches(sel.service, trace.root.service))) return false;
  if (sel.attributes !== undefined) {
    const wanted = sel.attributes;
    if (!trace.spans.some((s) => hasAttributes(s, wanted))) return false;
  }
  return true;
}

/** Run every contract that selects the trace; findings carry the rule's file location when known. */
export function checkTraceDetailed(contracts: readonly Contract[], spans: readonly NormalizedSpan[], opts: CheckOptions = {}): TraceCheckResult {
  const trace = new TraceIndex(spans);
  const findings: Finding[] = [];
  const selected: string[] = [];
  for (const contract of contracts) {
    if (!selectsTrace(contract, trace, opts)) continue;
    selected.push(contract.id);
    for (const rule of contract.rules) {
      for (const hit of evaluateRule(rule, trace)) {
        const finding: Finding = {
          traceId: trace.traceId,
          spanId: hit.spanId,
          contract: contract.id,
          rule: rule.id,
          severity: rule.severity,
          message: hit.message,
        };
        if (hit.missing) finding.missing = hit.missing;
        if (rule.location) finding.location = rule.location;
        findings.push(finding);
      }
    }
  }
  return {
    traceId: trace.traceId,
    startTimeUnixNano: trace.spans.length > 0 ? trace.startTimeUnixNano() : '0',
    workloadId: trace.spans.length > 0 ? trace.workloadId(opts.workloadKey ?? DEFAULT_WORKLOAD_KEY) : null,
    rootName: trace.root?.name ?? null,
    contracts: selected,
    findings,
  };
}

export function checkTrace(contracts: readonly Contract[], spans: readonly NormalizedSpan[], opts: CheckOptions = {}): Finding[] {
  return checkTraceDetailed(contracts, spans, opts).findings;
}
