/**
 * Contracts as an editor keeps them live: several contract files merged into one set, the latest
 * result per trace, and what the rest of the UI derives from those results.
 */
import { checkTraceDetailed } from './checker';
import { contractFileText, type ContractJson } from './infer';
import { JsonSyntaxError, LineIndex, parseJsonAst } from './jsonAst';
import { loadContracts } from './loader';
import { groupFindings, summarize, type CheckSummary, type FindingGroup } from './results';
import type { CheckOptions, Contract, ContractProblem, TraceCheckResult } from './types';
import type { NormalizedSpan } from '../model/types';

export interface ContractSource {
  /** How findings and problems name the file (a path or URI string). */
  file: string;
  text: string;
}

export interface ContractSet {
  files: string[];
  contracts: Contract[];
  /** Loader problems of every file, plus contract ids defined in more than one file. */
  problems: ContractProblem[];
}

export const EMPTY_CONTRACT_SET: ContractSet = { files: [], contracts: [], problems: [] };

/** 0-based offset of a 1-based line/column in `text` (clamped to the text). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

/** Load every file; a contract id already taken by an earlier file is left out and reported where it is defined again. */
export function loadContractSet(sources: readonly ContractSource[]): ContractSet {
  const set: ContractSet = { files: [], contracts: [], problems: [] };
  const owner = new Map<string, string>();
  for (const source of sources) {
    set.files.push(source.file);
    const loaded = loadContracts(source.text, source.file);
    set.problems.push(...loaded.problems);
    for (const contract of loaded.contracts) {
      const other = owner.get(contract.id);
      if (other === undefined) {
        owner.set(contract.id, source.file);
        set.contracts.push(contract);
        continue;
      }
      const line = contract.location?.line ?? 1;
      const column = contract.location?.column ?? 1;
      set.problems.push({
        message: `contract id '${contract.id}' is also defined in ${other}; this one is ignored`,
        severity: 'error',
        file: source.file,
        line,
        column,
        offset: offsetAt(source.text, line, column),
        length: 4,
      });
    }
  }
  return set;
}

/**
 * The span of a JSON member starting at `offset` (`"id": "cite-present"`), for underlining a rule.
 * Falls back to the key alone, or one character, when the text is not shaped as expected.
 */
export function memberLength(text: string, offset: number): number {
  const stringEnd = (at: number): number => {
    if (text[at] !== '"') return -1;
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') return i + 1;
      else if (text[i] === '\n') return -1;
    }
    return -1;
  };
  const keyEnd = stringEnd(offset);
  if (keyEnd < 0) return 1;
  let i = keyEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ':') return keyEnd - offset;
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const valueEnd = stringEnd(i);
  return (valueEnd < 0 ? keyEnd : valueEnd) - offset;
}

/** The latest check result of every trace, and what the UI derives from them. */
export class LiveResults {
  private readonly byTrace = new Map<string, TraceCheckResult>();

  get size(): number {
    return this.byTrace.size;
  }

  get(traceId: string): TraceCheckResult | undefined {
    return this.byTrace.get(traceId);
  }

  has(traceId: string): boolean {
    return this.byTrace.has(traceId);
  }

  set(result: TraceCheckResult): void {
    this.byTrace.set(result.traceId, result);
  }

  delete(traceId: string): void {
    this.byTrace.delete(traceId);
  }

  clear(): void {
    this.byTrace.clear();
  }

  all(): TraceCheckResult[] {
    return [...this.byTrace.values()];
  }

  /** Traces with at least one finding (any severity): what "violations only" shows. */
  violatingTraceIds(): Set<string> {
    const out = new Set<string>();
    for (const r of this.byTrace.values()) if (r.findings.length > 0) out.add(r.traceId);
    return out;
  }

  groups(): FindingGroup[] {
    const all = this.all();
    return groupFindings(all.flatMap((r) => r.findings), all);
  }

  summary(): CheckSummary {
    return summarize(this.all());
  }
}

/** Check one trace; a trace with no spans (evicted, cleared) yields null. */
export function checkSpans(contracts: readonly Contract[], spans: readonly NormalizedSpan[], opts: CheckOptions): TraceCheckResult | null {
  if (spans.length === 0) return null;
  return checkTraceDetailed(contracts, spans, opts);
}

/** A contract id not used yet: `base`, else `base-2`, `base-3`, ... */
export function freeContractId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

export interface ContractInsertion {
  text: string;
  /** Where the inserted contract starts and how long it is (to select it in the editor). */
  offset: number;
  length: number;
}

/**
 * Add a contract to the `contracts` array of an existing file's text, indented like a
 * `contractFileText` file. Null when the text is not a contract file with a `contracts` array
 * (then the caller opens the draft as a file of its own).
 */
export function insertContract(text: string, contract: ContractJson): ContractInsertion | null {
  let root;
  try {
    root = parseJsonAst(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return null;
    throw err;
  }
  if (root.kind !== 'object') return null;
  const list = root.members.find((m) => m.key === 'contracts')?.value;
  if (!list || list.kind !== 'array') return null;
  const indent = '    ';
  const body = JSON.stringify(contract, null, 2).split('\n').map((l) => indent + l).join('\n');
  const last = list.items[list.items.length - 1];
  const closing = list.offset + list.length - 1; // the `]`
  if (last) {
    const at = last.offset + last.length;
    const insert = `,\n${body}`;
    return { text: text.slice(0, at) + insert + text.slice(at), offset: at + 2, length: body.length };
  }
  const lineStart = text.lastIndexOf('\n', closing) + 1;
  const closingIndent = /^\s*$/.test(text.slice(lineStart, closing)) ? text.slice(lineStart, closing) : '  ';
  const insert = `\n${body}\n${closingIndent}`;
  const from = list.offset + 1;
  return { text: text.slice(0, from) + insert + text.slice(closing), offset: from + 1, length: body.length };
}

/** A new contract file holding one drafted contract. */
export function newContractFile(contract: ContractJson, schemaRef?: string): string {
  return contractFileText([contract], schemaRef);
}

/** 1-based position of an offset (re-exported for editor code that maps offsets). */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).position(offset);
}
