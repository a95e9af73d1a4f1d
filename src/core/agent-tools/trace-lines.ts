// One-line descriptions of traces, findings and span names, shared by the tools.
import type { Finding, TraceCheckResult } from '../contracts/types';
import type { TraceSummary } from '../model/types';
import { formatCost, formatDurationMs, isoTime, plural } from './format';
import { isBareLabel, safeLine } from '../text/safe-text';
import type { Quoter } from './quote';

/**
 * Names (span, service, workload, model, tool, prompt) are recorded by the agent too. One identifier-like word
 * is shown bare (cleaned); anything else is quoted, since it could carry instructions or pass for the answer's
 * own text.
 */
export function nameText(q: Quoter, name: string | null | undefined, fallback = '(none)'): string {
  if (name === null || name === undefined || name === '') return fallback;
  const clean = safeLine(name, 60);
  if (isBareLabel(clean)) return clean;
  return q.inline(name, 120).text;
}

/** A contract rule as `contract/rule` (ids from the workspace's contract files, cleaned all the same). */
export function ruleName(f: Pick<Finding, 'contract' | 'rule'>): string {
  return `${safeLine(f.contract, 80)}/${safeLine(f.rule, 80)}`;
}

/** The data source a retrieval read, as recorded. */
export function dataSourceOf(s: { attributes: Record<string, unknown> }): string | null {
  const v = s.attributes['gen_ai.data_source.id'];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function failingRules(result: TraceCheckResult | null): string[] {
  if (!result) return [];
  const seen = new Map<string, Finding['severity']>();
  for (const f of result.findings) if (!seen.has(ruleName(f))) seen.set(ruleName(f), f.severity);
  return [...seen].map(([rule, severity]) => (severity === 'error' ? rule : `${rule} (${severity})`));
}

export function traceLine(q: Quoter, t: TraceSummary, result: TraceCheckResult | null): string {
  const bits = [
    isoTime(t.startTimeUnixNano), t.traceId, nameText(q, t.rootName, '(no root span)'),
    `service ${nameText(q, t.service)}`,
  ];
  if (t.workloadId) bits.push(`workload ${nameText(q, t.workloadId)}`);
  bits.push(formatDurationMs(t.durationMs), plural(t.spanCount, 'span'));
  if (t.inputTokens || t.outputTokens) bits.push(`${(t.inputTokens + t.outputTokens).toLocaleString('en-US')} tokens`);
  const cost = formatCost(t.costUsd);
  if (cost) bits.push(cost);
  if (t.errorCount > 0) bits.push(plural(t.errorCount, 'error span'));
  if (t.models.length > 0) bits.push(`models ${t.models.map((m) => nameText(q, m)).join(', ')}`);
  const rules = failingRules(result);
  if (rules.length > 0) bits.push(`FAILS ${rules.join(', ')}`);
  else if (result && result.contracts.length > 0) bits.push('contracts pass');
  return `- ${bits.join(' · ')}`;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
