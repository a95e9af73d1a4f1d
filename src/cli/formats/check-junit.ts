// `check --format junit`: one testsuite per contract, one testcase per (trace, contract) it selected.
import type { Contract, ContractCoverage, Finding, TraceCheckResult } from '../../core/contracts';

// Characters XML 1.0 cannot carry at all, even escaped.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function findingLine(f: Finding): string {
  const where = f.spanId ? ` (span ${f.spanId})` : '';
  const loc = f.location ? ` [${f.location.file}:${f.location.line}:${f.location.column}]` : '';
  return `[${f.severity}] ${f.rule}: ${f.message}${where}${loc}`;
}

function testcaseName(r: TraceCheckResult): string {
  return r.rootName ? `trace ${r.traceId} (${r.rootName})` : `trace ${r.traceId}`;
}

export function renderCheckJunit(contracts: readonly Contract[], results: readonly TraceCheckResult[], shortfalls: readonly ContractCoverage[] = []): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const contract of contracts) {
    const cases: string[] = [];
    let failures = 0;
    for (const r of results) {
      if (!r.contracts.includes(contract.id)) continue;
      const mine = r.findings.filter((f) => f.contract === contract.id);
      const errors = mine.filter((f) => f.severity === 'error');
      const others = mine.filter((f) => f.severity !== 'error');
      const attrs = `classname="${escapeXml(contract.id)}" name="${escapeXml(testcaseName(r))}"`;
      const body: string[] = [];
      if (errors.length > 0) {
        failures++;
        const message = errors.length === 1 ? errors[0]!.message : `${errors.length} contract rules failed`;
        body.push(`      <failure message="${escapeXml(message)}" type="contract">${escapeXml(mine.map(findingLine).join('\n'))}</failure>`);
      } else if (others.length > 0) {
        body.push(`      <system-out>${escapeXml(others.map(findingLine).join('\n'))}</system-out>`);
      }
      cases.push(body.length === 0 ? `    <testcase ${attrs}/>` : `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>`);
    }
    const short = shortfalls.find((c) => c.contract === contract.id);
    if (short) {
      failures++;
      const message = `selected ${short.selected} traces, fewer than minTraces (${short.minTraces})`;
      cases.push(`    <testcase classname="${escapeXml(contract.id)}" name="minTraces">\n      <failure message="${escapeXml(message)}" type="coverage"/>\n    </testcase>`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    const suiteAttrs = `name="${escapeXml(contract.id)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
    suites.push(cases.length === 0 ? `  <testsuite ${suiteAttrs}/>` : `  <testsuite ${suiteAttrs}>\n${cases.join('\n')}\n  </testsuite>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="trace-lens check" tests="${totalTests}" failures="${totalFailures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
