// `check --format json`: the summary plus each finding with exactly the documented keys.
import type { CheckSummary, Finding } from '../../core/contracts';

export interface CheckReport {
  summary: CheckSummary;
  findings: Array<Pick<Finding, 'traceId' | 'spanId' | 'contract' | 'rule' | 'severity' | 'message'>>;
}

export function renderCheckJson(summary: CheckSummary, findings: readonly Finding[]): string {
  const report: CheckReport = {
    summary,
    findings: findings.map((f) => ({
      traceId: f.traceId, spanId: f.spanId, contract: f.contract, rule: f.rule, severity: f.severity, message: f.message,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
