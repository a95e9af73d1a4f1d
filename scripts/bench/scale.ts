// Scale benchmark (no assertions; a missed goal does not fail the run, an exception does), for the store
// with a slim sql.js index and payload segments:
//   1. durable ingest of TOTAL spans (default 1M) through ingestGroup: protobuf bodies of 512 spans, groups
//      of 8 requests (one fsync each), as the worker commits them when requests queue up; spans/s, also
//      against decode alone measured in this run; the slowest group (snapshots and compaction included);
//   2. RSS after GC at 25% (250k) and at TOTAL, in process (the store is what the worker holds);
//   3. at TOTAL: list p95 per filter, full spans and structure of a 10k-span trace p50/p95, content search
//      (first match of a word in recent spans; a full scan for a word that matches nothing, with MB/s);
//   4. disk: the folder's bytes and write_bytes (/proc/self/io) per OTLP byte ingested;
//   5. fresh processes (this file in a child mode): open read-only (time, RSS); reopen writable after a clean
//      close; a writer that ingests past TOTAL and is killed with SIGKILL with a replay tail just under the
//      snapshot threshold (the worst a crash leaves), then a writable open of that folder (time, spans found).
// Run: node --import tsx scripts/bench/scale.ts [totalSpans]     (or `npm run bench -- scale`)
// Child modes: --open <dir> <ro|rw>   and   --crash-ingest <dir>
// If the store throws, the figures measured so far are printed before the run fails.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { RawSpan } from '../../src/core/model/types';
import { decodeRequest, encodeTracesProtobuf } from '../../src/core/otlp';
import {
  DEFAULT_SNAPSHOT_TAIL_BYTES, TraceStore, type IngestItem, type StoreOptions, type TraceFilter,
} from '../../src/core/store';
import { INDEX_FILE } from '../../src/core/store/files';
import { BATCH, SERVICES, SpanFactory, TOOLS } from './lib/genai-spans';
import { median, percentile } from './lib/report';
import { folderBytes, readIo } from './lib/serve-process';

const MODE = process.argv[2];
const TOTAL = MODE?.startsWith('--') ? 0 : Number(MODE ?? 1_000_000);
/** 250k at the default 1M; scaled down for a quick trial run. */
const EARLY_SPANS = Math.floor(TOTAL / 4);
const BIG_TRACE_SPANS = Math.min(10_000, Math.floor(TOTAL / 100));
/** Requests per group commit. */
const GROUP = 8;
const LIST_REPS = 200;
const FETCH_REPS = 20;
const SEARCH_REPS = 3;
/** Stop a repeated measurement early once it has run this long (ms). */
const REP_BUDGET_MS = 8000;
/** The crash child is killed once this share of the snapshot threshold was appended since its open. */
const CRASH_AT_SHARE_OF_TAIL = 0.85;
/** A word every generated text draws from: matches in the newest chunk already. */
const COMMON_WORD = 'refund';
const NO_MATCH = 'zz-no-such-text-zz';
const MB = 1024 ** 2;

/** Every benchmark store keeps all spans: retention would evict past TOTAL otherwise (defaults 1M spans / 2 GiB). */
function storeOptions(dir: string): StoreOptions {
  return { dir, retention: { maxSpans: 0, maxBytes: 0 } };
}

/** `global.gc` without needing --expose-gc on the command line (the bench runner passes no flags). */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

interface Timing { p50: number; p95: number; reps: number; result: number }

/** Runs `work` up to `reps` times (after one warm-up) within REP_BUDGET_MS; `result` = size of the last result. */
function repeat(reps: number, work: () => unknown[]): Timing {
  let result = work().length;
  const samples: number[] = [];
  const deadline = performance.now() + REP_BUDGET_MS;
  for (let i = 0; i < reps && (i < 5 || performance.now() < deadline); i++) {
    const start = performance.now();
    result = work().length;
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), reps: samples.length, result };
}

function memory(gc: () => void): { rss: number; heap: number; heapTotal: number; external: number; arrayBuffers: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return {
    rss: usage.rss / MB, heap: usage.heapUsed / MB, heapTotal: usage.heapTotal / MB, external: usage.external / MB,
    arrayBuffers: usage.arrayBuffers / MB,
  };
}

let phase = 'start';

function log(message: string): void {
  phase = message;
  console.log(`[${(performance.now() / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** `goal` is a ceiling unless `atLeast` (then a floor). */
interface Row { figure: string; value: number; unit: string; goal?: number; atLeast?: boolean }
const rows: Row[] = [];

function record(figure: string, value: number, unit: string, goal?: number, atLeast = false): void {
  rows.push({ figure, value, unit, goal, atLeast });
}

function fmt(value: number): string {
  return value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US');
}

function printTable(): void {
  const table = rows.map((r) => {
    const met = r.goal === undefined ? true : r.atLeast ? r.value >= r.goal : r.value <= r.goal;
    return [
      r.figure, `${fmt(r.value)} ${r.unit}`,
      r.goal === undefined ? '' : `${r.atLeast ? '≥' : '≤'} ${fmt(r.goal)} ${r.unit}`,
      r.goal === undefined ? '' : met ? 'met' : 'MISS',
      r.goal === undefined ? '' : `${(r.value / r.goal).toFixed(2)}x`,
    ];
  });
  const headers = ['figure', 'measured', 'goal', 'result', 'ratio'];
  const widths = headers.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [headers, widths.map((w) => '-'.repeat(w)), ...table]) {
    console.log(row.map((cell, i) => (i === 1 || i === 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  }
}

function segmentBytes(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.atl')).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

/**
 * Feeds spans to a store as the worker would: each 512-span batch becomes one protobuf body, GROUP bodies go
 * in one ingestGroup. Only ingestGroup is timed (the encode stands in for the sender).
 */
class GroupFeeder {
  private pending: IngestItem[] = [];
  ingestMs = 0;
  spans = 0;
  otlpBytes = 0;
  groups = 0;
  slowestGroupMs = 0;
  readonly groupMs: number[] = [];

  constructor(private readonly store: TraceStore) {}

  add(spans: RawSpan[]): void {
    const body = encodeTracesProtobuf(spans);
    this.otlpBytes += body.length;
    this.spans += spans.length;
    this.pending.push({ body, signal: 'traces', encoding: 'protobuf' });
    if (this.pending.length >= GROUP) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    const start = performance.now();
    const results = this.store.ingestGroup(items);
    const ms = performance.now() - start;
    this.ingestMs += ms;
    this.groups++;
    this.slowestGroupMs = Math.max(this.slowestGroupMs, ms);
    this.groupMs.push(ms);
    for (const result of results) {
      if (result instanceof Error) throw result;
      if (result.rejectedSpans > 0) throw new Error(`the store rejected ${result.rejectedSpans} spans: ${result.message}`);
    }
  }
}

interface OpenReport { openMs: number; spans: number; traces: number; rss: number; heap: number; external: number; listP95: number }

/** Child mode: open a store folder in a fresh process and report open time, counts and memory as JSON. */
async function openOnly(dir: string, mode: string): Promise<void> {
  const gc = exposeGc();
  const start = performance.now();
  const store = await TraceStore.open(mode === 'ro' ? { dir, readOnly: true } : storeOptions(dir));
  const openMs = performance.now() - start;
  const stats = store.stats();
  const list = repeat(20, () => store.listTraces({ limit: 100 }));
  const after = memory(gc);
  const report: OpenReport = { openMs, spans: stats.spans, traces: stats.traces, listP95: list.p95, ...after };
  console.log(JSON.stringify(report));
  await store.close();
}

/**
 * Child mode: open the folder writable and ingest past what it holds without end; once CRASH_AT_SHARE_OF_TAIL
 * of the snapshot threshold was appended (no snapshot yet: the worst replay a crash leaves), print the durable
 * span count and keep ingesting until the parent kills this process.
 */
async function crashIngest(dir: string): Promise<void> {
  const snapshotMtime = fs.statSync(path.join(dir, INDEX_FILE)).mtimeMs;
  const store = await TraceStore.open(storeOptions(dir));
  const held = store.stats().spans;
  const threshold = DEFAULT_SNAPSHOT_TAIL_BYTES;
  const base = segmentBytes(dir);
  const factory = new SpanFactory(1, 10_000_000);
  const feeder = new GroupFeeder(store);
  let signalled = false;
  for (;;) {
    for (let i = 0; i < GROUP; i++) feeder.add(factory.batch(BATCH));
    const appended = segmentBytes(dir) - base;
    if (!signalled && appended >= CRASH_AT_SHARE_OF_TAIL * threshold) {
      signalled = true;
      const snapshotted = fs.statSync(path.join(dir, INDEX_FILE)).mtimeMs !== snapshotMtime;
      // A pipe to the parent is written synchronously on Linux: the line is out before the next group starts.
      process.stdout.write(`${JSON.stringify({ durable: held + feeder.spans, appended, threshold, snapshotted })}\n`);
    }
    if (appended > 3 * threshold) throw new Error('the crash child was not killed');
  }
}

function runChild(args: string[]): OpenReport {
  const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  if (child.status !== 0) throw new Error(`the child (${args.join(' ')}) failed: ${child.stderr}`);
  if (child.stderr.trim()) console.log(child.stderr.trim().split('\n').map((l) => `  child: ${l}`).join('\n'));
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as OpenReport;
}

interface CrashReport { durable: number; appended: number; threshold: number; snapshotted: boolean }

/** Starts the crash child and SIGKILLs it once it says its tail is where we want it. */
function crashChild(dir: string): Promise<CrashReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--crash-ingest', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let report: CrashReport | null = null;
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && !report) {
        report = JSON.parse(line) as CrashReport;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (report && signal === 'SIGKILL') resolve(report);
      else reject(new Error(`the crash child ended with ${code ?? signal} before it was killed: ${err}`));
    });
  });
}

async function searchTimes(store: TraceStore, text: string, stopAtFirst: boolean, limit?: number): Promise<{
  firstMatchMs: number; totalMs: number; matches: number; scannedBytes: number; totalBytes: number;
}> {
  const controller = new AbortController();
  let firstMatchMs = Number.NaN;
  const start = performance.now();
  const result = await store.searchContent({ text, ...(limit ? { limit } : {}) }, (progress) => {
    if (progress.matches.length > 0 && Number.isNaN(firstMatchMs)) {
      firstMatchMs = performance.now() - start;
      if (stopAtFirst) controller.abort();
    }
  }, { signal: controller.signal });
  return { firstMatchMs, totalMs: performance.now() - start, matches: result.matchCount, scannedBytes: result.scannedBytes, totalBytes: result.totalBytes };
}

async function main(): Promise<void> {
  const gc = exposeGc();
  const baseline = memory(gc);
  log(`baseline: RSS ${baseline.rss.toFixed(0)} MB; target ${TOTAL.toLocaleString('en')} spans, groups of ${GROUP} × ${BATCH}-span protobuf requests`);
  const factory = new SpanFactory();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-scale-'));
  const dir = path.join(root, 'store');
  const label = TOTAL >= 1_000_000 ? `${TOTAL / 1_000_000}M` : `${TOTAL / 1000}k`;
  const early = `${EARLY_SPANS / 1000}k`;
  try {
    // Decode alone over bodies like the ones ingested (the ceiling of any ingest path), in this run.
    const sample = Array.from({ length: 40 }, () => encodeTracesProtobuf(new SpanFactory(1, 50_000_000).batch(BATCH)));
    let decodeRate = 0;
    for (let pass = 0; pass < 3; pass++) {
      const t0 = performance.now();
      for (const body of sample) decodeRequest(body, 'traces', 'protobuf');
      decodeRate = Math.max(decodeRate, (sample.length * BATCH) / ((performance.now() - t0) / 1000));
    }

    const store = await TraceStore.open(storeOptions(dir));
    const ioBefore = readIo(process.pid)!;
    const feeder = new GroupFeeder(store);

    // 1. Durable ingest to TOTAL; memory at EARLY_SPANS; the 10k-span trace arrives at about 60%.
    let bigTraceId = '';
    const bigAt = Math.floor(TOTAL * 0.6);
    let earlyMs = 0;
    let nextReport = 100_000;
    while (factory.produced < TOTAL) {
      if (bigTraceId === '' && factory.produced >= bigAt) {
        feeder.flush();
        bigTraceId = factory.bigTrace(BIG_TRACE_SPANS, (spans) => feeder.add(spans));
        feeder.flush();
      } else {
        const until = factory.produced < EARLY_SPANS ? EARLY_SPANS : bigTraceId === '' ? bigAt : TOTAL;
        feeder.add(factory.batch(Math.min(BATCH, until - factory.produced)));
      }
      if (factory.produced === EARLY_SPANS && earlyMs === 0) {
        feeder.flush();
        earlyMs = feeder.ingestMs;
        record(`ingestGroup rate (0 → ${early})`, EARLY_SPANS / (earlyMs / 1000), 'spans/s');
        const mem = memory(gc);
        record(`RSS at ${early} spans (in-process, after GC)`, mem.rss, 'MB', 200);
        log(`${early}: RSS ${mem.rss.toFixed(0)} MB (heap used ${mem.heap.toFixed(0)} of ${mem.heapTotal.toFixed(0)}, external ${mem.external.toFixed(0)}, array buffers ${mem.arrayBuffers.toFixed(0)})`);
        // The same store as a fresh process holds it (a reader opened beside the writer: snapshot + tail).
        const fresh = runChild(['--open', dir, 'ro']);
        record(`RSS at ${early} spans, read-only fresh process after open + GC`, fresh.rss, 'MB', 200);
      }
      if (factory.produced >= nextReport) {
        log(`ingestGroup: ${factory.produced.toLocaleString('en')} spans (${Math.round(feeder.spans / (feeder.ingestMs / 1000))} spans/s so far, slowest group ${feeder.slowestGroupMs.toFixed(0)} ms)`);
        nextReport += 100_000;
      }
    }
    feeder.flush();
    const ioAfter = readIo(process.pid)!;
    const ingestRate = feeder.spans / (feeder.ingestMs / 1000);
    record(`ingestGroup rate (${early} → ${label})`, (feeder.spans - EARLY_SPANS) / ((feeder.ingestMs - earlyMs) / 1000), 'spans/s');
    record(`ingestGroup rate, durable (0 → ${label}), groups of ${GROUP}`, ingestRate, 'spans/s');
    record(`  / decode alone (${Math.round(decodeRate).toLocaleString('en')} spans/s, same run)`, ingestRate / decodeRate, 'x');
    const groupMedian = median(feeder.groupMs);
    record(`ingestGroup of ${GROUP} × ${BATCH} spans, median of ${feeder.groups}`, groupMedian, 'ms');
    record(`slowest ingestGroup (a snapshot or compaction ran in it)`, feeder.slowestGroupMs, 'ms');
    record(`  groups over 2× the median`, feeder.groupMs.filter((ms) => ms > 2 * groupMedian).length, '');
    const stats = store.stats();
    if (stats.spans !== TOTAL) throw new Error(`the store holds ${stats.spans} spans, expected ${TOTAL}`);
    log(`${stats.spans.toLocaleString('en')} spans in ${stats.traces.toLocaleString('en')} traces (${stats.errorTraces} failing); `
      + `payload ${(store.payloadBytes() / MB).toFixed(0)} MB (${Math.round(store.payloadBytes() / stats.spans)} B/span); `
      + `OTLP ${(feeder.otlpBytes / MB).toFixed(0)} MB (${Math.round(feeder.otlpBytes / stats.spans)} B/span)`);

    // 2. Memory at TOTAL.
    const mem = memory(gc);
    record(`RSS at start (node + tsx + sql.js, after GC)`, baseline.rss, 'MB');
    record(`RSS at ${label} spans (in-process, after GC)`, mem.rss, 'MB', 400);
    record(`  of which JS heap used (of ${mem.heapTotal.toFixed(0)} MB heap)`, mem.heap, 'MB');
    record(`  of which external (wasm memory, buffers)`, mem.external, 'MB');

    // 3. Queries at TOTAL.
    const someTool = TOOLS[2]!;
    const lists: Array<[string, TraceFilter]> = [
      ['list newest 100', { limit: 100 }],
      [`list service=${SERVICES[1]}`, { service: SERVICES[1], limit: 100 }],
      ['list status=error', { status: 'error', limit: 100 }],
      ['list workload=wl-3', { workloadId: 'wl-3', limit: 100 }],
      ['list model=gpt-4.1', { model: 'gpt-4.1', limit: 100 }],
      [`list text "${someTool}"`, { text: someTool, limit: 100 }],
      ['list text (no match)', { text: 'no-such-thing', limit: 100 }],
    ];
    for (const [name, filter] of lists) {
      const timing = repeat(LIST_REPS, () => store.listTraces(filter));
      record(`${name} p95 (p50 ${timing.p50.toFixed(2)}, ${timing.reps} reps, ${timing.result} rows)`, timing.p95, 'ms', 5);
      log(`${name}: p95 ${timing.p95.toFixed(2)} ms`);
    }
    // Sessions mode of the list: every span here names a conversation (one per trace) and a user (131 in all).
    for (const by of ['conversation', 'user'] as const) {
      const timing = repeat(FETCH_REPS, () => store.listSessions({ by, limit: 100 }));
      record(`sessions by ${by} p95 (p50 ${timing.p50.toFixed(1)}, ${timing.result} rows)`, timing.p95, 'ms');
      log(`sessions by ${by}: p95 ${timing.p95.toFixed(1)} ms`);
    }
    const structure = repeat(FETCH_REPS, () => store.getTraceStructure(bigTraceId));
    record(`getTraceStructure ${structure.result} spans p50`, structure.p50, 'ms');
    record(`getTraceStructure ${structure.result} spans p95`, structure.p95, 'ms', 30);
    const full = repeat(FETCH_REPS, () => store.getTraceSpans(bigTraceId));
    record(`getTraceSpans ${full.result} spans p50`, full.p50, 'ms');
    record(`getTraceSpans ${full.result} spans p95`, full.p95, 'ms', 60);
    log('trace fetches done; content search');

    const recentWord = `conv-${factory.currentTrace - 3}`;
    const firsts: number[] = [];
    const pages: number[] = [];
    const completes: Array<{ totalMs: number; scannedBytes: number }> = [];
    let pageMatches = 0;
    for (let i = 0; i < SEARCH_REPS; i++) {
      firsts.push((await searchTimes(store, recentWord, true)).firstMatchMs);
      const page = await searchTimes(store, COMMON_WORD, false, 200);
      pages.push(page.totalMs);
      pageMatches = page.matches;
      completes.push(await searchTimes(store, NO_MATCH, false));
    }
    record(`content search "${recentWord}" (recent trace): first match, median of ${SEARCH_REPS}`, median(firsts), 'ms', 300);
    record(`content search "${COMMON_WORD}": first ${pageMatches} matches (limit), median`, median(pages), 'ms');
    const complete = completes.sort((a, b) => a.totalMs - b.totalMs)[Math.floor(completes.length / 2)]!;
    record(`content search, no match: complete scan, median of ${SEARCH_REPS}`, complete.totalMs, 'ms', 2000);
    record(`  bytes scanned`, complete.scannedBytes / MB, 'MB');
    record(`  scan rate`, complete.scannedBytes / MB / (complete.totalMs / 1000), 'MB/s');
    log(`content search done (${(complete.scannedBytes / MB).toFixed(0)} MB scanned in ${complete.totalMs.toFixed(0)} ms)`);

    // 4. Disk: close (a final snapshot), then the folder and what was written.
    let start = performance.now();
    await store.close();
    record(`close at ${label} (final snapshot)`, performance.now() - start, 'ms');
    const ioClosed = readIo(process.pid)!;
    const indexBytes = fs.statSync(path.join(dir, INDEX_FILE)).size;
    const folder = folderBytes(dir);
    record(`index snapshot file at ${label}`, indexBytes / MB, 'MB');
    record(`store folder at ${label} (index + segments)`, folder / MB, 'MB');
    record(`  / OTLP protobuf bytes ingested (${(feeder.otlpBytes / MB).toFixed(0)} MB)`, folder / feeder.otlpBytes, 'x');
    const written = ioAfter.writeBytes - ioBefore.writeBytes;
    const writtenClosed = ioClosed.writeBytes - ioBefore.writeBytes;
    record(`write_bytes during ingest / OTLP bytes (no retention limit)`, written / feeder.otlpBytes, 'x', 2.5);
    record(`write_bytes until closed / OTLP bytes`, writtenClosed / feeder.otlpBytes, 'x');
    record(`  wchar until closed / OTLP bytes`, (ioClosed.wchar - ioBefore.wchar) / feeder.otlpBytes, 'x');

    // 5. Fresh processes.
    log('fresh process: read-only open');
    const ro = runChild(['--open', dir, 'ro']);
    record(`open at ${label}, read-only (fresh process)`, ro.openMs, 'ms');
    record(`RSS at ${label}, read-only fresh process after open + GC`, ro.rss, 'MB', 400);
    if (ro.spans !== TOTAL) throw new Error(`the read-only open found ${ro.spans} spans, expected ${TOTAL}`);
    log('fresh process: writable reopen after a clean close');
    const rw = runChild(['--open', dir, 'rw']);
    record(`reopen at ${label}, clean close (fresh process, writable)`, rw.openMs, 'ms', 1000);
    record(`RSS at ${label}, writable fresh process after open + GC`, rw.rss, 'MB', 400);
    if (rw.spans !== TOTAL) throw new Error(`the reopen found ${rw.spans} spans, expected ${TOTAL}`);
    log('fresh process: ingest past the total, SIGKILL with the replay tail near the snapshot threshold');
    const crash = await crashChild(dir);
    log(`killed with ${crash.durable.toLocaleString('en')} spans durable, ${(crash.appended / MB).toFixed(0)} MB appended since its open `
      + `(snapshot threshold ${(crash.threshold / MB).toFixed(0)} MB${crash.snapshotted ? '; a snapshot DID run meanwhile' : ''})`);
    start = performance.now();
    const recovered = runChild(['--open', dir, 'rw']);
    const wallMs = performance.now() - start;
    record(`reopen after kill -9 at ${label} (+${(crash.appended / MB).toFixed(0)} MB tail; process ${wallMs.toFixed(0)} ms)`,
      recovered.openMs, 'ms', 2000);
    record(`  spans found (durable when killed: ${crash.durable.toLocaleString('en')})`, recovered.spans, 'spans');
    if (recovered.spans < crash.durable) throw new Error(`lost spans: ${recovered.spans} found, ${crash.durable} were durable`);
  } catch (error) {
    // Print what was measured before the failure, then fail the run.
    console.log('');
    printTable();
    console.log(`\nFAILED after "${phase}": ${(error as Error).message}`);
    throw error;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log('');
  printTable();
}

const run = MODE === '--open' ? openOnly(process.argv[3]!, process.argv[4]!)
  : MODE === '--crash-ingest' ? crashIngest(process.argv[3]!)
    : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
