// `check --format text`: findings grouped by (contract, rule), most severe first, then a summary line.
import { compareSeverity, type CheckSummary, type Finding } from '../../core/contracts';

const SHOWN_PER_GROUP = 10;

export function renderCheckText(summary: CheckSummary, findings: readonly Finding[], contractCount: number): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.contract}/${f.rule}`;
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  const ordered = [...groups.values()].sort((a, b) =>
    compareSeverity(a[0]!.severity, b[0]!.severity) || `${a[0]!.contract}/${a[0]!.rule}`.localeCompare(`${b[0]!.contract}/${b[0]!.rule}`));
  const lines: string[] = [];
  for (const group of ordered) {
    const first = group[0]!;
    const traces = new Set(group.map((f) => f.traceId)).size;
    const loc = first.location ? `  (${first.location.file}:${first.location.line}:${first.location.column})` : '';
    lines.push(`${first.severity.toUpperCase()} ${first.contract}/${first.rule}: ${group.length} finding${group.length === 1 ? '' : 's'} in ${traces} trace${traces === 1 ? '' : 's'}${loc}`);
    for (const f of group.slice(0, SHOWN_PER_GROUP)) {
      lines.push(`  trace ${f.traceId}${f.spanId ? ` span ${f.spanId}` : ''}: ${f.message}`);
    }
    if (group.length > SHOWN_PER_GROUP) lines.push(`  … and ${group.length - SHOWN_PER_GROUP} more`);
    lines.push('');
  }
  const s = summary;
  const counts = [`${s.errors} error${s.errors === 1 ? '' : 's'}`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`];
  if (s.infos > 0) counts.push(`${s.infos} info`);
  const skipped = s.skipped > 0 ? `, ${s.skipped} not selected by any contract` : '';
  lines.push(
    `Checked ${s.tracesChecked} trace${s.tracesChecked === 1 ? '' : 's'} against ${contractCount} contract${contractCount === 1 ? '' : 's'}: `
    + `${s.passed} passed, ${s.failed} failed (${counts.join(', ')})${skipped}.`,
  );
  return `${lines.join('\n')}\n`;
}
