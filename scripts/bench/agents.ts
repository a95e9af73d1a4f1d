// Coding agents benchmark (no assertions; a missed target prints MISS, an exception fails the run).
//   A Codex day: the recorded Codex prompt (test/fixtures/otlp/live-codex-spans-json: 562 spans in 21 traces,
//   32 log events, one metrics export) replayed PROMPTS times (lib/agent-day.ts: fresh trace/span ids, a new
//   conversation every 10 prompts, times shifted 144 s per prompt), as the OTLP/JSON requests the agent sent,
//   against the same number of ordinary GenAI spans (lib/genai-spans.ts, 512-span OTLP/JSON requests), both
//   through TraceStore.ingestGroup (groups of 8 requests, one fsync each) into a temp folder: spans/s and the
//   ratio, RSS growth after GC, bytes written (/proc/self/io write_bytes until close) and the folder;
//   listSessions; opening one prompt (getTraceStructure + getTraceSpans of a `turn/start` trace).
//   A Claude Code events-only day: live-claude-code-events (12 log events, two metrics exports) replayed
//   PROMPTS times with fresh session (every 10 prompts) and prompt ids: the events → spans synthesis path.
// Each day runs in its own child process (this file with --child), so memory and sql.js's wasm heap start clean.
// Run: node --import tsx scripts/bench/agents.ts [prompts=200]     (or `npm run bench -- agents`)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isFigureMetric } from '../../src/core/agents/metric-figures';
import { decodeRequest, encodeTracesJson } from '../../src/core/otlp';
import { TraceStore, type IngestItem } from '../../src/core/store';
import { AgentDay, type ReplayRequest } from './lib/agent-day';
import { BATCH, SpanFactory } from './lib/genai-spans';
import { fmtInt, percentile, ratio, targetLine } from './lib/report';
import { folderBytes, readIo } from './lib/serve-process';

const CHILD = process.argv[2] === '--child' ? process.argv[3] as Kind : null;
const PROMPTS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
const PROMPTS_PER_SESSION = 10;
/** Requests per group commit (what the worker batches when requests queue up), as in store.ts. */
const GROUP = 8;
const QUERY_RUNS = 20;
const RATIO_TARGET = 0.8;
const SESSIONS_TARGET_MS = 100;
const OPEN_TARGET_MS = 300;
const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'otlp');
const CODEX_DIR = path.join(FIXTURES, 'live-codex-spans-json');
const CLAUDE_DIR = path.join(FIXTURES, 'live-claude-code-events');
const MB = 1024 ** 2;

type Kind = 'codex' | 'claude' | 'ordinary';

interface Timing { first: number; p50: number; p95: number }

interface DayReport {
  kind: Kind;
  requests: number;
  otlpBytes: number;
  spansSent: number;
  logsSent: number;
  pointsSent: number;
  ingestMs: number;
  slowestGroupMs: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapGrowthMb: number;
  peakRssMb: number;
  writeBytes: number;
  folderBytes: number;
  closeMs: number;
  stored: { spans: number; traces: number; listed: number; sessions: number; turns: number; metricPointsKept: number };
  sessions: Timing;
  open: Timing & { spans: number; name: string };
  /** Decode alone (decodeRequest, same bodies), ms per request by signal, summed per prompt or per 512 spans. */
  decodeMs: Partial<Record<'traces' | 'logs' | 'metrics', number>>;
}

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function settledMemory(gc: () => void): { rss: number; heap: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss / MB, heap: (usage.heapUsed + usage.external) / MB };
}

/** First call (what a user waits for), then p50/p95 of QUERY_RUNS more. */
function timed<T>(work: () => T): Timing & { value: T } {
  let start = performance.now();
  let value = work();
  const first = performance.now() - start;
  const samples: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    start = performance.now();
    value = work();
    samples.push(performance.now() - start);
  }
  return { first, p50: percentile(samples, 50), p95: percentile(samples, 95), value };
}

/** The requests of a day, one prompt (or one 512-span batch) at a time; made on demand so memory stays flat. */
function* requests(kind: Kind, day: AgentDay | null, spanTotal: number): Generator<ReplayRequest> {
  if (kind === 'ordinary') {
    const factory = new SpanFactory();
    while (factory.produced < spanTotal) {
      const spans = factory.batch(Math.min(BATCH, spanTotal - factory.produced));
      yield { signal: 'traces', body: Buffer.from(JSON.stringify(encodeTracesJson(spans)), 'utf8'), items: spans.length };
    }
    return;
  }
  for (let p = 0; p < PROMPTS; p++) yield* day!.prompt(p);
}

function decodeCost(kind: Kind, day: AgentDay | null): DayReport['decodeMs'] {
  const sample = kind === 'ordinary' ? [...requests('ordinary', null, BATCH)] : day!.prompt(Math.floor(PROMPTS / 2));
  const out: DayReport['decodeMs'] = {};
  for (const request of sample) decodeRequest(request.body, request.signal, 'json', { keep: isFigureMetric });
  const reps = 10;
  for (const request of sample) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) decodeRequest(request.body, request.signal, 'json', { keep: isFigureMetric });
    out[request.signal] = (out[request.signal] ?? 0) + (performance.now() - start) / reps;
  }
  return out;
}

/** Child: ingest one day into a temp folder and print its figures as one JSON line. */
async function runDay(kind: Kind): Promise<void> {
  const gc = exposeGc();
  const day = kind === 'codex' ? new AgentDay(CODEX_DIR, PROMPTS_PER_SESSION)
    : kind === 'claude' ? new AgentDay(CLAUDE_DIR, PROMPTS_PER_SESSION) : null;
  const codexSpans = new AgentDay(CODEX_DIR, PROMPTS_PER_SESSION).perPrompt('traces') * PROMPTS;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atl-bench-agents-${kind}-`));
  try {
    const before = settledMemory(gc);
    const io0 = readIo(process.pid)!;
    const store = await TraceStore.open({ dir, retention: { maxSpans: 0, maxBytes: 0 } });
    const report: DayReport = {
      kind, requests: 0, otlpBytes: 0, spansSent: 0, logsSent: 0, pointsSent: 0, ingestMs: 0, slowestGroupMs: 0,
      rssBeforeMb: before.rss, rssAfterMb: 0, heapGrowthMb: 0, peakRssMb: 0, writeBytes: 0, folderBytes: 0, closeMs: 0,
      stored: { spans: 0, traces: 0, listed: 0, sessions: 0, turns: 0, metricPointsKept: 0 },
      sessions: { first: 0, p50: 0, p95: 0 }, open: { first: 0, p50: 0, p95: 0, spans: 0, name: '' }, decodeMs: {},
    };
    let pending: IngestItem[] = [];
    const commit = (): void => {
      const start = performance.now();
      const results = store.ingestGroup(pending);
      const ms = performance.now() - start;
      report.ingestMs += ms;
      report.slowestGroupMs = Math.max(report.slowestGroupMs, ms);
      results.forEach((result, i) => {
        if (result instanceof Error) throw result;
        // A metrics export answers with the data points it did not keep (only session figures are kept).
        if (pending[i]!.signal !== 'metrics' && result.rejectedSpans > 0) {
          throw new Error(`the store rejected ${result.rejectedSpans} items: ${result.message}`);
        }
      });
      pending = [];
    };
    for (const request of requests(kind, day, codexSpans)) {
      report.requests++;
      report.otlpBytes += request.body.length;
      if (request.signal === 'traces') report.spansSent += request.items;
      else if (request.signal === 'logs') report.logsSent += request.items;
      else report.pointsSent += request.items;
      pending.push({ body: request.body, signal: request.signal, encoding: 'json' });
      if (pending.length >= GROUP) commit();
    }
    if (pending.length > 0) commit();

    const after = settledMemory(gc);
    report.rssAfterMb = after.rss;
    report.heapGrowthMb = after.heap - before.heap;
    const stats = store.stats();
    report.stored.spans = stats.spans;
    report.stored.traces = stats.traces;
    report.stored.metricPointsKept = stats.metricPoints?.kept ?? 0;
    report.stored.listed = store.listTraces({ limit: 100_000 }).length;

    const sessions = timed(() => store.listSessions());
    report.sessions = { first: sessions.first, p50: sessions.p50, p95: sessions.p95 };
    report.stored.sessions = sessions.value.length;
    report.stored.turns = sessions.value.reduce((n, s) => n + s.turns, 0);

    // One prompt in the middle of the day: Codex's `turn/start` trace; Claude Code's synthesized prompt trace.
    const middle = Math.floor(PROMPTS / 2);
    let traceId: string;
    if (kind === 'codex') traceId = day!.traceId(day!.recordedTrace('turn/start')!, middle);
    else {
      const listed = store.listTraces({ limit: 100_000 });
      traceId = listed[Math.floor(listed.length / 2)]!.traceId;
    }
    const open = timed(() => store.getTraceStructure(traceId).length + store.getTraceSpans(traceId).length);
    report.open = { first: open.first, p50: open.p50, p95: open.p95, spans: store.getTraceSpans(traceId).length,
      name: store.getTraceSummary(traceId)?.rootName ?? '?' };

    const closeStart = performance.now();
    await store.close();
    report.closeMs = performance.now() - closeStart;
    report.writeBytes = readIo(process.pid)!.writeBytes - io0.writeBytes;
    report.folderBytes = folderBytes(dir);
    report.peakRssMb = process.resourceUsage().maxRSS / 1024;
    report.decodeMs = decodeCost(kind, day);
    console.log(`RESULT ${JSON.stringify(report)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function child(kind: Kind): DayReport {
  const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', kind, String(PROMPTS)], {
    cwd: path.join(__dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * MB,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.status !== 0 || !line) throw new Error(`${kind} day failed (${run.status ?? run.signal}): ${run.stdout.slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as DayReport;
}

const spansPerS = (r: DayReport): number => r.spansSent / (r.ingestMs / 1000);
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;
const ms = (t: Timing): string => `first ${t.first.toFixed(1)} ms, p50 ${t.p50.toFixed(1)} ms, p95 ${t.p95.toFixed(1)} ms`;

function describe(r: DayReport, label: string): void {
  const growth = r.rssAfterMb - r.rssBeforeMb;
  console.log(`${label}: ${fmtInt(r.requests)} OTLP/JSON requests (${mb(r.otlpBytes)}): ${fmtInt(r.spansSent)} spans, `
    + `${fmtInt(r.logsSent)} log records, ${fmtInt(r.pointsSent)} metric points`);
  const perPrompt = r.kind === 'ordinary' ? '' : `, ${(r.ingestMs / PROMPTS).toFixed(1)} ms per prompt`;
  console.log(`  ingestGroup (groups of ${GROUP}, durable): ${(r.ingestMs / 1000).toFixed(2)} s, `
    + (r.spansSent > 0 ? `${fmtInt(spansPerS(r))} spans/s` : `${fmtInt(r.stored.spans / (r.ingestMs / 1000))} synthesized spans/s`)
    + `${r.logsSent > 0 ? `, ${fmtInt((r.spansSent + r.logsSent) / (r.ingestMs / 1000))} spans+events/s` : ''}`
    + `${perPrompt}; slowest group ${r.slowestGroupMs.toFixed(0)} ms`);
  console.log(`  RSS after GC ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB (+${growth.toFixed(0)} MB), `
    + `heap+external +${r.heapGrowthMb.toFixed(0)} MB, peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  console.log(`  write_bytes until close ${mb(r.writeBytes)} (${(r.writeBytes / r.otlpBytes).toFixed(2)}x received), `
    + `folder ${mb(r.folderBytes)}; close (snapshot) ${r.closeMs.toFixed(0)} ms`);
  console.log(`  stored: ${fmtInt(r.stored.spans)} spans in ${fmtInt(r.stored.traces)} traces, ${fmtInt(r.stored.listed)} in the default list; `
    + `${fmtInt(r.stored.sessions)} sessions (${fmtInt(r.stored.turns)} turns)`
    + `${r.stored.metricPointsKept > 0 ? `, ${fmtInt(r.stored.metricPointsKept)} metric points kept as session figures` : ''}`);
  console.log(`  listSessions(): ${ms(r.sessions)}`);
  console.log(`  open a prompt (getTraceStructure + getTraceSpans, '${r.open.name}', ${fmtInt(r.open.spans)} spans): ${ms(r.open)}`);
  const decode = Object.entries(r.decodeMs).map(([signal, v]) => `${signal} ${v.toFixed(2)} ms`).join(', ');
  console.log(`  decodeRequest alone, ${r.kind === 'ordinary' ? `one ${BATCH}-span request` : 'one prompt'}: ${decode}`);
}

function main(): void {
  const probe = new AgentDay(CODEX_DIR, PROMPTS_PER_SESSION);
  console.log(`coding agents: ${PROMPTS} prompts, a new session every ${PROMPTS_PER_SESSION}; Codex ${probe.perPrompt('traces')} spans, `
    + `${probe.perPrompt('logs')} log records, ${probe.perPrompt('metrics')} metric points per prompt; node ${process.version}`);
  const ordinary = child('ordinary');
  describe(ordinary, `Ordinary GenAI spans (the same count)`);
  const codex = child('codex');
  describe(codex, `A Codex day (${PROMPTS} prompts × ${probe.perPrompt('traces')} spans plus their events)`);
  const claude = child('claude');
  describe(claude, `A Claude Code events-only day (${PROMPTS} prompts; spans synthesized from events)`);

  const codexRatio = spansPerS(codex) / spansPerS(ordinary);
  console.log(`Codex vs ordinary (same run, same span count): ingest ${ratio(spansPerS(codex), spansPerS(ordinary))}, `
    + `RSS growth ${(codex.rssAfterMb - codex.rssBeforeMb).toFixed(0)} vs ${(ordinary.rssAfterMb - ordinary.rssBeforeMb).toFixed(0)} MB, `
    + `write_bytes ${ratio(codex.writeBytes, ordinary.writeBytes)}, folder ${ratio(codex.folderBytes, ordinary.folderBytes)}, `
    + `OTLP bytes received ${ratio(codex.otlpBytes, ordinary.otlpBytes)}`);
  const events = claude.logsSent / (claude.ingestMs / 1000);
  console.log(`Claude Code vs ordinary (same run): ${fmtInt(events)} events/s (${ratio(events, spansPerS(ordinary))} of ordinary spans/s) → `
    + `${fmtInt(claude.stored.spans)} synthesized spans; ${(claude.ingestMs / PROMPTS).toFixed(2)} ms per prompt vs `
    + `${(ordinary.ingestMs / ordinary.spansSent * (claude.logsSent / PROMPTS)).toFixed(2)} ms for as many ordinary spans`);
  console.log(targetLine(`Codex day ingest >= ${RATIO_TARGET}x ordinary spans (spans/s, same run)`, codexRatio >= RATIO_TARGET,
    `${fmtInt(spansPerS(codex))} vs ${fmtInt(spansPerS(ordinary))} spans/s, ${codexRatio.toFixed(2)}x`));
  for (const [label, r] of [['Codex', codex], ['Claude Code', claude]] as const) {
    console.log(targetLine(`${label} listSessions <= ${SESSIONS_TARGET_MS} ms (p95)`, r.sessions.p95 <= SESSIONS_TARGET_MS,
      `p95 ${r.sessions.p95.toFixed(1)} ms, first ${r.sessions.first.toFixed(1)} ms`));
    console.log(targetLine(`${label} prompt trace open <= ${OPEN_TARGET_MS} ms (p95)`, r.open.p95 <= OPEN_TARGET_MS,
      `p95 ${r.open.p95.toFixed(1)} ms, first ${r.open.first.toFixed(1)} ms`));
  }
}

if (CHILD) {
  runDay(CHILD).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  try {
    main();
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
