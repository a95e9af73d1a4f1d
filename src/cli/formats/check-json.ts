// `check --format json`: the summary plus each finding with exactly the documented keys.
import type { CheckSummary, ContractCoverage, Finding } from '../../core/contracts';

export interface CheckReport {
  summary: CheckSummary;
  findings: Array<Pick<Finding, 'traceId' | 'spanId' | 'contract' | 'rule' | 'severity' | 'message'>>;
  /** Per contract: traces selected and the minTraces asked for (null when none). */
  contracts: ContractCoverage[];
}

export function renderCheckJson(summary: CheckSummary, findings: readonly Finding[], coverage: readonly ContractCoverage[]): string {
  const report: CheckReport = {
    summary,
    findings: findings.map((f) => ({
      traceId: f.traceId, spanId: f.spanId, contract: f.contract, rule: f.rule, severity: f.severity, message: f.message,
    })),
    contracts: [...coverage],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
