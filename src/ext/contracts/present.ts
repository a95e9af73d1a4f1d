// How contract results look in the panel and the Problems panel. Pure: no vscode import.
import type { CheckSummary, Finding, FindingGroup, Severity, TraceCheckResult } from '../../core/contracts';
import { compareSeverity } from '../../core/contracts';
import type { Badge, GhostRow, TraceDetail, TraceRow } from '../../protocol/messages';

function worst(findings: readonly Finding[]): Severity {
  let out: Severity = 'info';
  for (const f of findings) if (compareSeverity(f.severity, out) < 0) out = f.severity;
  return out;
}

const ruleKey = (f: Finding): string => `${f.contract}/${f.rule}`;

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * The badge's words per severity, so a warning never reads like a failure: "1 rule failed" (error rules),
 * "1 warning", "1 note"; together "2 rules failed, 1 warning".
 */
export function badgeText(severities: readonly Severity[]): string {
  const count = (s: Severity): number => severities.filter((x) => x === s).length;
  const parts = [
    count('error') ? plural(count('error'), 'rule failed', 'rules failed') : '',
    count('warning') ? plural(count('warning'), 'warning', 'warnings') : '',
    count('info') ? plural(count('info'), 'note', 'notes') : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** The trace-list badge: how many rules failed, the worst severity, the rules in the tooltip. Null when clean. */
export function traceBadge(result: TraceCheckResult | undefined): Badge | null {
  if (!result || result.findings.length === 0) return null;
  const rules = new Map<string, Severity>();
  for (const f of result.findings) {
    const prev = rules.get(ruleKey(f));
    if (!prev || compareSeverity(f.severity, prev) < 0) rules.set(ruleKey(f), f.severity);
  }
  const lines = [...rules.entries()]
    .sort((a, b) => compareSeverity(a[1], b[1]) || a[0].localeCompare(b[0]))
    .map(([rule, severity]) => `${severity}: ${rule}`);
  return {
    text: badgeText([...rules.values()]),
    severity: worst(result.findings),
    tooltip: `Span contracts (${result.contracts.join(', ')}):\n${lines.join('\n')}`,
  };
}

/** Ghost rows for required spans that are missing. */
export function ghostRows(result: TraceCheckResult | undefined): GhostRow[] {
  if (!result) return [];
  const out: GhostRow[] = [];
  for (const f of result.findings) {
    if (!f.missing) continue;
    out.push({
      ghost: true,
      parentSpanId: f.missing.parentSpanId,
      afterSpanId: f.missing.afterSpanId,
      label: `missing: ${f.missing.label} — required by ${ruleKey(f)}`,
      severity: f.severity,
      tooltip: f.message,
    });
  }
  return out;
}

/** Marks on spans that break a rule: span id → badges (one per rule, messages joined in the tooltip). */
export function spanMarks(result: TraceCheckResult | undefined): Map<string, Badge[]> {
  const bySpan = new Map<string, Map<string, Finding[]>>();
  if (!result) return new Map();
  for (const f of result.findings) {
    if (f.spanId === null) continue;
    let rules = bySpan.get(f.spanId);
    if (!rules) bySpan.set(f.spanId, (rules = new Map()));
    const list = rules.get(ruleKey(f));
    if (list) list.push(f);
    else rules.set(ruleKey(f), [f]);
  }
  const out = new Map<string, Badge[]>();
  for (const [spanId, rules] of bySpan) {
    out.set(spanId, [...rules.entries()].map(([key, findings]) => ({
      text: findings[0]!.rule,
      severity: worst(findings),
      tooltip: `${key}: ${findings.map((f) => f.message).join('\n')}`,
    })));
  }
  return out;
}

/** Put a trace's findings onto an opened trace: summary badge, span marks, ghost rows. */
export function decorateDetail(detail: TraceDetail, result: TraceCheckResult | undefined): void {
  const badge = traceBadge(result);
  if (badge && detail.summary) detail.summary.badges = [...(detail.summary.badges ?? []), badge];
  const marks = spanMarks(result);
  for (const span of detail.spans) {
    const m = marks.get(span.spanId);
    if (m) span.badges = [...(span.badges ?? []), ...m];
  }
  detail.ghosts.push(...ghostRows(result));
}

export function decorateRows(rows: TraceRow[], resultOf: (traceId: string) => TraceCheckResult | undefined): void {
  for (const row of rows) {
    const badge = traceBadge(resultOf(row.traceId));
    if (badge) row.badges = [...(row.badges ?? []), badge];
  }
}

function clock(unixNano: string): string {
  const ms = Number(BigInt(unixNano) / 1_000_000n);
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export const shortId = (traceId: string): string => traceId.slice(0, 8);

/** The Problems-panel text for one group: counts, workload, first/last seen, the latest message. */
export function groupMessage(g: FindingGroup): string {
  const traces = `${g.traceCount} ${g.traceCount === 1 ? 'trace' : 'traces'}`;
  const workload = g.workloadId === null ? 'no workload' : `workload ${g.workloadId}`;
  const seen = g.firstSeenUnixNano === g.lastSeenUnixNano
    ? `seen ${clock(g.lastSeenUnixNano)}`
    : `first seen ${clock(g.firstSeenUnixNano)}, last ${clock(g.lastSeenUnixNano)}`;
  return `${g.contract}/${g.rule} failed in ${traces} (${workload}): ${g.message} — ${seen}; latest trace ${g.representativeTraceId}`;
}

/** One line for a notification: "Checked 12 traces: 9 passed, 3 failed (refund.v1/cite-present ×3)". */
export function summaryLine(s: CheckSummary): string {
  if (s.tracesChecked === 0) {
    return s.skipped > 0 ? `No contract selects any of the ${s.skipped} traces.` : 'No traces to check.';
  }
  const rules = Object.entries(s.byRule)
    .sort((a, b) => compareSeverity(a[1].severity, b[1].severity) || b[1].traces - a[1].traces || a[0].localeCompare(b[0]))
    .map(([key, r]) => `${key} ×${r.traces}`);
  const shown = rules.slice(0, 4).join(', ') + (rules.length > 4 ? `, +${rules.length - 4} more` : '');
  return `Checked ${s.tracesChecked} ${s.tracesChecked === 1 ? 'trace' : 'traces'}: ${s.passed} passed, ${s.failed} failed`
    + (rules.length > 0 ? ` (${shown})` : '') + (s.skipped > 0 ? `; ${s.skipped} not selected by any contract` : '') + '.';
}

/** The full report written to the output channel. */
export function summaryReport(s: CheckSummary, groups: readonly FindingGroup[], scopeLabel: string): string {
  const lines = [`Span contracts — ${scopeLabel}`, summaryLine(s), ''];
  for (const g of groups) lines.push(`${g.severity.padEnd(7)} ${groupMessage(g)}`);
  return lines.join('\n');
}
