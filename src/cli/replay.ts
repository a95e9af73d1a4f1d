// `trace-lens replay`: send a recorded model call again (edited or not) to a provider, print each answer as it
// streams, store each run as a trace linked to the original, and print the spread over the runs. The key comes
// from an environment variable and goes nowhere but the request's headers.
import { compareReplay, runSpread } from '../core/compare';
import type { NormalizedSpan } from '../core/model/types';
import { applyEdits, ReplayEditError } from '../core/replay/edits';
import { replayRequestFromSpan } from '../core/replay/from-span';
import { DEFAULT_BASE_URLS, KEY_ENVIRONMENT, ReplayBuildError, buildProviderRequest, endpointLabel } from '../core/replay/providers';
import { runReplay } from '../core/replay/run-replay';
import { StoreLockedError, type TraceStore } from '../core/store';
import { existingDir, parseCommandArgs, positiveIntFlag, requireDb, stringFlag, traceIdArg } from './args';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './io';
import { REDACTION_FLAGS, redactionFromFlags } from './redaction-flags';
import { editsFromFlags, providerFlag } from './replay-flags';
import { headerLines, runFooter, runRecord, safeChunk, spreadLines } from './replay-output';
import { withStore } from './store-commands';
import { CLI_VERSION } from './version';

const SPAN_ID = /^[0-9a-f]{16}$/;
const MAX_RUNS = 100;

function spanIdArg(raw: string): string {
  const id = raw.toLowerCase();
  if (!SPAN_ID.test(id)) throw new UsageError(`replay: "${raw}" is not a span id (16 hex characters)`);
  return id;
}

function baseUrlFlag(raw: string | undefined, fallback: string): string {
  const url = raw ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`replay: --base-url "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError('replay: --base-url must be http:// or https://');
  if (parsed.username || parsed.password) throw new UsageError('replay: --base-url must not carry credentials (use the key variable)');
  return url;
}

export async function runReplayCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('replay', args, {
    db: { type: 'string' }, provider: { type: 'string' }, 'base-url': { type: 'string' }, model: { type: 'string' },
    'system-file': { type: 'string' }, 'prompt-file': { type: 'string' }, 'prompt-target': { type: 'string' },
    'user-file': { type: 'string' }, set: { type: 'string', multiple: true }, runs: { type: 'string' }, json: { type: 'boolean' },
    'api-key-env': { type: 'string' }, timeout: { type: 'string' }, ...REDACTION_FLAGS,
  });
  const dir = requireDb('replay', parsed);
  if (parsed.positionals.length !== 2) throw new UsageError('replay: expected TRACE_ID SPAN_ID');
  const traceId = traceIdArg('replay', parsed.positionals[0]!);
  const spanId = spanIdArg(parsed.positionals[1]!);
  const runs = positiveIntFlag('replay', parsed, 'runs') ?? 1;
  if (runs > MAX_RUNS) throw new UsageError(`replay: --runs is at most ${MAX_RUNS}`);
  const timeoutS = positiveIntFlag('replay', parsed, 'timeout');
  const json = parsed.values.json === true;
  const edits = editsFromFlags({
    model: stringFlag(parsed, 'model'), provider: providerFlag(stringFlag(parsed, 'provider')),
    systemFile: stringFlag(parsed, 'system-file'), promptFile: stringFlag(parsed, 'prompt-file'),
    promptTarget: stringFlag(parsed, 'prompt-target'), userFile: stringFlag(parsed, 'user-file'),
    sets: (parsed.values.set as unknown as string[] | undefined) ?? [],
  });
  const redaction = redactionFromFlags('replay', parsed);
  existingDir(dir);
  try {
    return await withStore(dir, false, (store) => replayIn(store, { dir, traceId, spanId, runs, timeoutS, json, edits, parsed, io }), redaction);
  } catch (error) {
    if (error instanceof StoreLockedError) {
      io.stderr(`replay: ${error.message} Replay stores its runs, so it needs the store to itself: stop that process (trace-lens serve, or VS Code with Agent Trace Lens) or replay against a copy of the folder.\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

interface ReplayContext {
  dir: string;
  traceId: string;
  spanId: string;
  runs: number;
  timeoutS: number | undefined;
  json: boolean;
  edits: ReturnType<typeof editsFromFlags>;
  parsed: ReturnType<typeof parseCommandArgs>;
  io: CliIo;
}

async function replayIn(store: TraceStore, c: ReplayContext): Promise<number> {
  const { io } = c;
  const original = store.getSpan(c.traceId, c.spanId);
  if (!original) {
    io.stderr(`replay: span ${c.spanId} of trace ${c.traceId} not found in ${c.dir}\n`);
    return EXIT_FAILURE;
  }
  if (original.kind !== 'llm') {
    io.stderr(`replay: span ${c.spanId} is a ${original.kind} span, not a model call\n`);
    return EXIT_FAILURE;
  }
  let edited;
  try {
    edited = applyEdits(replayRequestFromSpan(original), c.edits);
  } catch (error) {
    if (error instanceof ReplayEditError) throw new UsageError(`replay: ${error.message}`);
    throw error;
  }
  const { request, applied } = edited;
  if (request.provider === null) {
    throw new UsageError(`replay: the span's provider (${original.provider ?? 'none recorded'}) is not one replay speaks: pass --provider openai|openai-responses|anthropic|gemini`);
  }
  if (request.model === null) throw new UsageError('replay: the span recorded no model: pass --model');
  if (request.messages.length === 0) {
    throw new UsageError('replay: the span recorded no input messages (content capture was off?): give one with --user-file F');
  }
  const keyVariable = stringFlag(c.parsed, 'api-key-env') ?? KEY_ENVIRONMENT[request.provider];
  const apiKey = process.env[keyVariable];
  if (!apiKey) throw new UsageError(`replay: set ${keyVariable} to the ${request.provider} key (or name another variable with --api-key-env)`);
  const endpoint = { provider: request.provider, baseUrl: baseUrlFlag(stringFlag(c.parsed, 'base-url'), DEFAULT_BASE_URLS[request.provider]), apiKey };
  let label: string;
  try {
    label = endpointLabel(buildProviderRequest(request, endpoint).url);
  } catch (error) {
    if (error instanceof ReplayBuildError) {
      io.stderr(`replay: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
  if (!c.json) io.stdout(headerLines(request, label, applied));
  const stored: NormalizedSpan[] = [];
  const records: Array<Record<string, unknown>> = [];
  const results = await runReplay({
    request, applied, endpoint, runs: c.runs, version: CLI_VERSION,
    ...(c.timeoutS !== undefined ? { timeoutMs: c.timeoutS * 1000 } : {}),
    ingest: (body) => void store.ingestRequest(body, 'traces', 'json'),
    onRunStart: (run) => { if (!c.json) io.stdout(`\n── run ${run}/${c.runs} ──\n`); },
    onText: (_run, delta) => { if (!c.json) io.stdout(safeChunk(delta)); },
    onRunEnd: (result) => {
      // Read back as stored: priced at ingest with the store's price table, like any other call.
      const span = store.getSpan(result.traceId, result.spanId);
      if (span) stored.push(span);
      const comparison = span && result.ok ? compareReplay(original, span) : null;
      if (c.json) records.push(runRecord(result, span, comparison));
      else io.stdout(runFooter(result, span, comparison));
    },
  });
  const spread = runSpread(stored);
  if (c.json) {
    io.stdout(`${JSON.stringify({
      original: { traceId: c.traceId, spanId: c.spanId }, provider: request.provider, model: request.model, endpoint: label,
      edits: applied, marks: request.marks, runs: records, spread,
    }, null, 2)}\n`);
  } else if (c.runs > 1) io.stdout(`\n${spreadLines(spread)}`);
  return results.every((r) => r.ok) ? EXIT_OK : EXIT_FAILURE;
}
