// `trace-lens check`: run span contracts over stored or recorded traces. Exit 0 pass, 1 an error rule failed or
// too few traces were selected, 2 usage/input error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  checkTraceDetailed, contractCoverage, coverageShortfalls, hasErrors, loadContracts, summarize,
  type Contract, type ContractProblem, type TraceCheckResult,
} from '../core/contracts';
import type { NormalizedSpan } from '../core/model/types';
import { ALL_TRACES, NO_RETENTION_LIMIT, TraceStore } from '../core/store';
import { ingestFiles } from '../store-worker/import-files';
import { renderCheckJson } from './formats/check-json';
import { renderCheckJunit } from './formats/check-junit';
import { renderCheckText } from './formats/check-text';
import { runFixtureCheck } from './check-fixtures';
import { REMOTE_FLAGS, REMOTE_USAGE, pullIntoStore, remoteSourceFrom, type RemoteSource } from './backend-source';
import { RemoteError } from '../core/backends';

export const CHECK_USAGE = `Usage: trace-lens check --contracts FILE... (--db DIR | OTLP_FILE... | --tempo URL | --jaeger URL
                         | --fixtures DIR) [--format text|json|junit] [--workload-key KEY] [--allow-empty]

Check every trace against the span contracts that select it.
  --contracts FILE... trace-contracts.json files: the files right after the flag that hold a
                      top-level "contracts" list (the flag may also be repeated)
  --db DIR            read the traces of a trace store (read-only; works while serve runs)
  OTLP_FILE...        or read recorded OTLP requests: OTLP/JSON, JSON lines, or protobuf
  --fixtures DIR      verify the regression fixtures under DIR instead: each *.fixture.json manifest
                      says "expect": "pass" or "fail CONTRACT/RULE" for the trace file beside it
${REMOTE_USAGE}  --format F          text (default), json, or junit (one testsuite per contract)
  --workload-key KEY  attribute naming the workload (default workload.id)
  --allow-empty       exit 0 when no trace (or fixture) at all was selected; without it that fails,
                      so a broken exporter cannot turn the gate green

Exit codes: 0 every selected trace passed (warnings and info do not fail),
            1 an error-severity rule failed, no trace was selected (without --allow-empty),
              a contract selected fewer traces than its minTraces, or a fixture did not hold,
            2 usage, contract file or input error.
`;

export type Io = { stdout(s: string): void; stderr(s: string): void };
export type Format = 'text' | 'json' | 'junit';

/** Unreadable or invalid input: reported on stderr, exit 2. */
export class CheckInputError extends Error {}
/** Bad invocation: same, followed by the usage text. */
class CheckUsageError extends CheckInputError {}

export interface CheckArgs {
  contractFiles: string[];
  db: string | null;
  otlpFiles: string[];
  fixtures: string | null;
  format: Format;
  workloadKey: string | undefined;
  allowEmpty: boolean;
  remote: RemoteSource | null;
}

function parseCheckArgs(args: string[]): CheckArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        contracts: { type: 'string', multiple: true },
        db: { type: 'string' },
        format: { type: 'string' },
        'workload-key': { type: 'string' },
        fixtures: { type: 'string' },
        'allow-empty': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...REMOTE_FLAGS,
      },
    });
  } catch (error) {
    throw new CheckUsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const { extraContracts, positionals } = splitContractPositionals(parsed.tokens);
  const contractFiles = [...(values.contracts ?? []), ...extraContracts];
  if (contractFiles.length === 0) throw new CheckUsageError('--contracts FILE is required');
  const db = values.db ?? null;
  const fixtures = values.fixtures ?? null;
  const remote = remoteSourceFrom(values, (m) => new CheckUsageError(m));
  const sources = [db !== null, positionals.length > 0, fixtures !== null, remote !== null].filter(Boolean).length;
  if (sources > 1) throw new CheckUsageError('give one of --db DIR, OTLP files, --tempo/--jaeger URL or --fixtures DIR, not several');
  if (sources === 0) throw new CheckUsageError('give --db DIR, at least one OTLP file, --tempo/--jaeger URL, or --fixtures DIR');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'junit') {
    throw new CheckUsageError(`--format must be text, json or junit, not "${format}"`);
  }
  const workloadKey = values['workload-key'];
  if (workloadKey === '') throw new CheckUsageError('--workload-key must not be empty');
  return { contractFiles, db, otlpFiles: positionals, fixtures, format, workloadKey, allowEmpty: values['allow-empty'] === true, remote };
}

type ArgToken = { kind: string; index: number; name?: string; value?: string };

/**
 * `--contracts a.json b.json run.pb`: the positionals right after a `--contracts` value are further
 * contract files as long as they are JSON documents with a top-level "contracts" key; the first one
 * that is not starts the OTLP files.
 */
function splitContractPositionals(tokens: ArgToken[]): { extraContracts: string[]; positionals: string[] } {
  const extraContracts: string[] = [];
  const positionals: string[] = [];
  let afterContracts = false;
  for (const token of tokens) {
    if (token.kind === 'option') {
      afterContracts = token.name === 'contracts';
    } else if (token.kind === 'positional' && token.value !== undefined) {
      if (afterContracts && looksLikeContractFile(token.value)) extraContracts.push(token.value);
      else {
        afterContracts = false;
        positionals.push(token.value);
      }
    } else {
      afterContracts = false;
    }
  }
  return { extraContracts, positionals };
}

function looksLikeContractFile(path: string): boolean {
  try {
    if (!existsSync(path) || statSync(path).size > 16 * 1024 * 1024) return false;
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'contracts' in parsed;
  } catch {
    return false;
  }
}

function formatProblem(p: ContractProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`;
}

function loadContractFiles(files: string[], io: Io): Contract[] {
  const contracts: Contract[] = [];
  const seen = new Map<string, string>();
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CheckInputError(`cannot read contract file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const result = loadContracts(text, file);
    for (const p of result.problems) io.stderr(formatProblem(p));
    if (hasErrors(result)) failed = true;
    for (const c of result.contracts) {
      const other = seen.get(c.id);
      if (other !== undefined) {
        const where = c.location ? `${c.location.file}:${c.location.line}:${c.location.column}` : file;
        io.stderr(`${where}: error: contract id '${c.id}' is also defined in ${other}\n`);
        failed = true;
        continue;
      }
      seen.set(c.id, file);
      contracts.push(c);
    }
  }
  if (failed) throw new CheckInputError('the contract files have errors (listed above)');
  return contracts;
}

export async function openTraces(
  args: Pick<CheckArgs, 'db' | 'otlpFiles' | 'workloadKey'> & { remote?: RemoteSource | null },
  io?: Io,
): Promise<TraceStore> {
  const normalize = args.workloadKey ? { workloadKey: args.workloadKey } : undefined;
  if (args.db !== null) {
    if (!existsSync(args.db) || !statSync(args.db).isDirectory()) throw new CheckInputError(`no trace store at ${args.db} (folder not found)`);
    return TraceStore.open({ dir: args.db, readOnly: true, ...(normalize ? { normalize } : {}) });
  }
  if (args.remote) {
    const store = await TraceStore.open({ dir: null, retention: NO_RETENTION_LIMIT, ...(normalize ? { normalize } : {}) });
    try {
      const pulled = await pullIntoStore(args.remote, store, (m) => io?.stderr(`check: ${m}\n`));
      io?.stderr(`check: read ${pulled.traces} trace(s), ${pulled.spans} span(s) from ${args.remote.client.kind} ${args.remote.client.url}\n`);
    } catch (error) {
      await store.close();
      if (error instanceof RemoteError) throw new CheckInputError(error.message);
      throw new CheckInputError(`cannot read traces from ${args.remote.client.url}: ${(error as Error).message}`);
    }
    return store;
  }
  const missing = args.otlpFiles.filter((f) => !existsSync(f));
  if (missing.length > 0) throw new CheckInputError(`file not found: ${missing.join(', ')}`);
  const store = await TraceStore.open({ dir: null, retention: NO_RETENTION_LIMIT, ...(normalize ? { normalize } : {}) });
  try {
    ingestFiles(store, args.otlpFiles);
  } catch (error) {
    await store.close();
    throw new CheckInputError(`cannot read OTLP input: ${(error as Error).message}`);
  }
  return store;
}

export function checkStore(store: TraceStore, contracts: Contract[], workloadKey: string | undefined): TraceCheckResult[] {
  const opts = workloadKey ? { workloadKey } : {};
  const results: TraceCheckResult[] = [];
  const traces = store.listTraces({ limit: ALL_TRACES });
  // Oldest first, so reports read in the order the runs happened.
  traces.sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : BigInt(a.startTimeUnixNano) > BigInt(b.startTimeUnixNano) ? 1 : a.traceId.localeCompare(b.traceId)));
  for (const t of traces) {
    const spans: NormalizedSpan[] = store.getTraceSpans(t.traceId);
    if (spans.length > 0) results.push(checkTraceDetailed(contracts, spans, opts));
  }
  return results;
}

export async function runCheck(args: string[], io: Io): Promise<number> {
  try {
    const parsed = parseCheckArgs(args);
    if (parsed === 'help') {
      io.stdout(CHECK_USAGE);
      return 0;
    }
    const contracts = loadContractFiles(parsed.contractFiles, io);
    if (parsed.fixtures !== null) return await runFixtureCheck(parsed.fixtures, contracts, parsed, io);
    const store = await openTraces(parsed, io);
    let results: TraceCheckResult[];
    try {
      results = checkStore(store, contracts, parsed.workloadKey);
    } finally {
      await store.close();
    }
    const summary = summarize(results);
    const findings = results.flatMap((r) => r.findings);
    const coverage = contractCoverage(contracts, results);
    const short = coverageShortfalls(coverage);
    if (parsed.format === 'json') io.stdout(renderCheckJson(summary, findings, coverage));
    else if (parsed.format === 'junit') io.stdout(renderCheckJunit(contracts, results, short));
    else io.stdout(renderCheckText(summary, findings, contracts.length));
    const emptyFails = summary.tracesChecked === 0 && !parsed.allowEmpty;
    if (summary.tracesChecked === 0) {
      const read = `${results.length} trace${results.length === 1 ? '' : 's'} read`;
      io.stderr(emptyFails
        ? `check: FAILED: no trace was selected by any contract (${read}); an empty run cannot pass (--allow-empty accepts it)\n`
        : `check: no trace was selected by any contract (${read})\n`);
    }
    for (const c of short) {
      io.stderr(`check: FAILED: contract '${c.contract}' selected ${c.selected} trace${c.selected === 1 ? '' : 's'}, fewer than its minTraces (${c.minTraces})\n`);
    }
    return summary.failed > 0 || emptyFails || short.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof CheckInputError) {
      io.stderr(`trace-lens check: ${error.message}\n`);
      if (error instanceof CheckUsageError) io.stderr(`\n${CHECK_USAGE}`);
      return 2;
    }
    throw error;
  }
}
