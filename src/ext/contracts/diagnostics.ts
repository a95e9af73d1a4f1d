// Problems-panel entries on the contract files: loader problems, and one entry per failing
// (workload, contract, rule) group anchored at the rule, with links to the failing traces.
import * as vscode from 'vscode';
import {
  memberLength, offsetAt, positionAt, type ContractProblem, type ContractSet, type FindingGroup, type Severity,
} from '../../core/contracts';
import type { LoadedFile } from './files';
import { groupMessage, shortId } from './present';
import { traceDocumentUri } from './trace-document';

export const DIAGNOSTIC_SOURCE = 'Agent Trace Lens';
/** Related-information links per group (the Problems panel lists them under the entry). */
const MAX_TRACE_LINKS = 5;

function severityOf(s: Severity | ContractProblem['severity']): vscode.DiagnosticSeverity {
  return s === 'error' ? vscode.DiagnosticSeverity.Error
    : s === 'warning' ? vscode.DiagnosticSeverity.Warning
    : vscode.DiagnosticSeverity.Information;
}

function rangeOf(text: string, offset: number, length: number): vscode.Range {
  const a = positionAt(text, offset);
  const b = positionAt(text, Math.min(text.length, offset + Math.max(1, length)));
  return new vscode.Range(a.line - 1, a.column - 1, b.line - 1, b.column - 1);
}

function problemDiagnostic(file: LoadedFile, p: ContractProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOf(file.text, p.offset, p.length), p.message, severityOf(p.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = 'contract-file';
  return d;
}

function groupDiagnostic(file: LoadedFile, g: FindingGroup): vscode.Diagnostic {
  const loc = g.location!;
  const offset = offsetAt(file.text, loc.line, loc.column);
  const d = new vscode.Diagnostic(rangeOf(file.text, offset, memberLength(file.text, offset)), groupMessage(g), severityOf(g.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = `${g.contract}/${g.rule}`;
  const ids = [g.representativeTraceId, ...g.traceIds.filter((id) => id !== g.representativeTraceId)].slice(0, MAX_TRACE_LINKS);
  d.relatedInformation = ids.map((id, i) => new vscode.DiagnosticRelatedInformation(
    new vscode.Location(traceDocumentUri(id), new vscode.Position(0, 0)),
    `${i === 0 ? 'latest failing trace' : 'failing trace'} ${shortId(id)} (${id})`,
  ));
  return d;
}

/**
 * Everything the Problems panel shows for the contract files. `groupOf` maps a group diagnostic's
 * message back to its group (code actions receive copies of diagnostics, so identity is lost).
 */
export function buildDiagnostics(
  files: readonly LoadedFile[], set: ContractSet, groups: readonly FindingGroup[],
): { byUri: Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>; groupOf: Map<string, FindingGroup> } {
  const byName = new Map(files.map((f) => [f.file, f]));
  const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  const groupOf = new Map<string, FindingGroup>();
  const add = (file: LoadedFile, d: vscode.Diagnostic): void => {
    const key = file.uri.toString();
    let entry = byUri.get(key);
    if (!entry) byUri.set(key, (entry = { uri: file.uri, diagnostics: [] }));
    entry.diagnostics.push(d);
  };
  for (const p of set.problems) {
    const file = byName.get(p.file);
    if (file) add(file, problemDiagnostic(file, p));
  }
  for (const g of groups) {
    const file = g.location ? byName.get(g.location.file) : undefined;
    if (!file) continue;
    const d = groupDiagnostic(file, g);
    groupOf.set(d.message, g);
    add(file, d);
  }
  return { byUri, groupOf };
}
