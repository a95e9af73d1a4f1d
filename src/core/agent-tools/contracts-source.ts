// The contracts the tools check against, and a per-trace result cache (a trace is checked again only when
// it gained spans or the contracts changed).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkTraceDetailed } from '../contracts/checker';
import { DEFAULT_WORKLOAD_KEY } from '../contracts/spans';
import { EMPTY_CONTRACT_SET, loadContractSet, type ContractSet, type ContractSource as ContractText } from '../contracts/live';
import type { Contract, TraceCheckResult } from '../contracts/types';
import type { NormalizedSpan, TraceSummary } from '../model/types';
import type { ToolContracts } from './types';

const MAX_CACHED = 20_000;

export class CheckedContracts implements ToolContracts {
  private readonly cache = new Map<string, { key: string; result: TraceCheckResult | null }>();
  private cachedFor: ContractSet | null = null;

  /** `set` is read on every call: return the same object while nothing changed (the cache follows its identity). */
  constructor(private readonly set: () => ContractSet, private readonly workloadKey: () => string = () => DEFAULT_WORKLOAD_KEY) {}

  contracts(): readonly Contract[] {
    return this.set().contracts;
  }

  problems(): readonly string[] {
    return this.set().problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  }

  files(): readonly string[] {
    return this.set().files;
  }

  async check(summary: TraceSummary, spans: () => Promise<NormalizedSpan[]>): Promise<TraceCheckResult | null> {
    const set = this.set();
    if (set !== this.cachedFor) {
      this.cache.clear();
      this.cachedFor = set;
    }
    if (set.contracts.length === 0) return null;
    const key = `${summary.spanCount}:${summary.endTimeUnixNano}`;
    const hit = this.cache.get(summary.traceId);
    if (hit && hit.key === key) return hit.result;
    const list = await spans();
    const result = list.length > 0 ? checkTraceDetailed(set.contracts, list, { workloadKey: this.workloadKey() }) : null;
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(summary.traceId, { key, result });
    return result;
  }
}

/** The contract files the MCP server uses when none are named: the editor's defaults. */
export const DEFAULT_CONTRACT_FILES = ['trace-contracts.json', '.vscode/trace-contracts.json'];

/**
 * Contract files read from disk, re-read when one changes. Named files that do not exist are reported as
 * problems; missing default files are simply absent.
 */
export function contractFilesSet(files: readonly string[], required: boolean): () => ContractSet {
  let stamp: string | null = null;
  let current: ContractSet = EMPTY_CONTRACT_SET;
  return () => {
    const present = files.filter((f) => existsSync(f));
    const next = present.map((f) => `${f}@${statSync(f).mtimeMs}:${statSync(f).size}`).join('|');
    if (next === stamp) return current;
    stamp = next;
    const sources: ContractText[] = [];
    const problems: ContractSet['problems'] = [];
    for (const file of files) {
      if (!present.includes(file)) {
        if (required) problems.push({ message: 'contract file not found', severity: 'error', file, line: 1, column: 1, offset: 0, length: 0 });
        continue;
      }
      try {
        sources.push({ file: path.normalize(file), text: readFileSync(file, 'utf8') });
      } catch (error) {
        problems.push({ message: `cannot read: ${(error as Error).message}`, severity: 'error', file, line: 1, column: 1, offset: 0, length: 0 });
      }
    }
    const loaded = loadContractSet(sources);
    current = { files: loaded.files, contracts: loaded.contracts, problems: [...problems, ...loaded.problems] };
    return current;
  };
}
