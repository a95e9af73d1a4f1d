// Scale benchmark (no assertions; a missed goal does not fail the run, an exception does):
// list p95 and 10k-span trace fetch at 1M stored spans, memory at 1M spans, reopen time at 250k.
// Run: node --import tsx scripts/bench/scale.ts [totalSpans]     (or `npm run bench -- scale`)
// Phases: 250k spans through ingestRequest (protobuf bodies, request log), snapshot, reopen; 50k more
// left in the log to time a reopen that replays it (a tail the defaults never leave: the bench lifts the
// snapshot log limit); then the worst reopen the default settings allow: a store at the default retention
// fed without pause, crashed with its log just under the default snapshot limit. The rest up to the total
// goes through ingestDecoded (same normalize/insert/rollup path, without decode and log append).
// At the end the store is snapshotted and a fresh process (this file with --open-only) reopens it.
// If the store throws, the figures measured so far are printed before the run fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { RawSpan } from '../../src/core/model/types';
import { encodeTracesProtobuf } from '../../src/core/otlp';
import {
  DEFAULT_RETENTION, DEFAULT_SNAPSHOT_MAX_LOG_BYTES, SNAPSHOT_FILE, TraceStore, type TraceFilter,
} from '../../src/core/store';
import { BATCH, SERVICES, SpanFactory, TOOLS } from './lib/genai-spans';

const CHILD_FLAG = '--open-only';
const CHILD = process.argv[2] === CHILD_FLAG;
const TOTAL = CHILD ? 0 : Number(process.argv[2] ?? 1_000_000);
/** 250k, 50k and 10k at the default 1M; scaled down for a quick trial run. */
const DURABLE_SPANS = Math.floor(TOTAL / 4);
const LOG_TAIL_SPANS = Math.floor(TOTAL / 20);
const BIG_TRACE_SPANS = Math.min(10_000, Math.floor(TOTAL / 100));
const LIST_REPS = 200;
const FETCH_REPS = 10;
/** Stop a repeated measurement early once it has run this long (ms). */
const REP_BUDGET_MS = 8000;
const MB = 1024 ** 2;

/** `global.gc` without needing --expose-gc on the command line (the bench runner passes no flags). */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
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
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), reps: samples.length, result };
}

function memory(gc: () => void): { rss: number; heap: number; external: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss / MB, heap: usage.heapUsed / MB, external: usage.external / MB };
}

let phase = 'start';

function log(message: string): void {
  phase = message;
  console.log(`[${(performance.now() / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

interface Row { figure: string; value: number; unit: string; goal?: number }
const rows: Row[] = [];

function record(figure: string, value: number, unit: string, goal?: number): void {
  rows.push({ figure, value, unit, goal });
}

function printTable(): void {
  const table = rows.map((r) => [
    r.figure, `${r.value < 10 ? r.value.toFixed(2) : r.value.toFixed(0)} ${r.unit}`,
    r.goal === undefined ? '' : `≤ ${r.goal} ${r.unit}`,
    r.goal === undefined ? '' : r.value <= r.goal ? 'met' : 'missed',
    r.goal === undefined ? '' : (r.value / r.goal).toFixed(2),
  ]);
  const headers = ['figure', 'measured', 'goal', 'result', 'ratio'];
  const widths = headers.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  for (const row of [headers, widths.map((w) => '-'.repeat(w)), ...table]) {
    console.log(row.map((cell, i) => (i === 1 || i === 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  }
}

function logBytes(dir: string): number {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.log')).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
}

/**
 * The worst reopen with default settings: default retention and snapshot limits, `spans` ingested without a
 * pause (so the idle snapshot never fires), then more until the request log is one request short of the
 * snapshot limit, and a crash. Returns the reopen time of that folder.
 */
async function defaultWorstCaseReopen(root: string, spans: number): Promise<void> {
  const dir = path.join(root, 'defaults');
  const factory = new SpanFactory();
  let store = await TraceStore.open({ dir });
  let ingestMs = 0;
  const ingest = (body: Uint8Array): void => {
    const start = performance.now();
    store.ingestRequest(body, 'traces', 'protobuf');
    ingestMs += performance.now() - start;
  };
  while (factory.produced < spans) {
    ingest(encodeTracesProtobuf(factory.batch(BATCH)));
    if (factory.produced % 51_200 === 0) log(`default settings: ${factory.produced.toLocaleString('en')} spans`);
  }
  record(`ingestRequest rate, default settings (0 → ${spans / 1000}k)`, spans / (ingestMs / 1000), 'spans/s');
  for (;;) {
    const body = encodeTracesProtobuf(factory.batch(BATCH));
    // Record header 14 bytes: stop while this request would still not reach the limit.
    if (logBytes(dir) + body.length + 14 > DEFAULT_SNAPSHOT_MAX_LOG_BYTES) break;
    ingest(body);
  }
  const tail = logBytes(dir);
  const crashed = path.join(root, 'defaults-crashed');
  copyStore(dir, crashed);
  const held = store.stats().spans;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  log(`reopening a store at the default retention (${held.toLocaleString('en')} spans) with ${(tail / MB).toFixed(1)} MB of log`);
  const start = performance.now();
  store = await TraceStore.open({ dir: crashed });
  record(`reopen, default settings worst case (${Math.round(held / 1000)}k spans + ${(tail / MB).toFixed(1)} MB log)`,
    performance.now() - start, 'ms', 1000);
  if (store.stats().spans !== held) throw new Error(`replay found ${store.stats().spans} spans, expected ${held}`);
  await store.close();
  fs.rmSync(crashed, { recursive: true, force: true });
}

/** Copy a store folder as a crash would leave it (snapshot + logs, no lock). */
function copyStore(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const file of fs.readdirSync(from)) {
    if (file === SNAPSHOT_FILE || file.endsWith('.log')) fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** Child mode: open a store folder in a fresh process and report open time and memory as JSON. */
async function openOnly(dir: string): Promise<void> {
  const gc = exposeGc();
  const before = memory(gc);
  const start = performance.now();
  const store = await TraceStore.open({ dir, readOnly: true });
  const openMs = performance.now() - start;
  const list = repeat(20, () => store.listTraces({ limit: 100 }));
  const after = memory(gc);
  console.log(JSON.stringify({ openMs, listP95: list.p95, rssBefore: before.rss, ...after, spans: store.stats().spans }));
  await store.close();
}

async function main(): Promise<void> {
  const gc = exposeGc();
  const baseline = memory(gc);
  log(`baseline: RSS ${baseline.rss.toFixed(0)} MB; target ${TOTAL.toLocaleString('en')} spans`);
  const factory = new SpanFactory();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-scale-'));
  const dir = path.join(root, 'store');
  try {
    const storeOptions = {
      dir, snapshotIdleMs: 3_600_000, snapshotMaxLogBytes: 4 * 1024 ** 3,
      // Exactly TOTAL spans are stored; lift the byte limit so nothing is evicted (payload is reported).
      retention: { maxSpans: TOTAL, maxBytes: 64 * 1024 ** 3 },
    };
    let store = await TraceStore.open(storeOptions);

    // 1. Durable ingest up to 250k through the request log.
    let ingestMs = 0;
    const ingestBodies = async (target: number): Promise<void> => {
      while (factory.produced < target) {
        const body = encodeTracesProtobuf(factory.batch(Math.min(BATCH, target - factory.produced)));
        const start = performance.now();
        store.ingestRequest(body, 'traces', 'protobuf');
        ingestMs += performance.now() - start;
        if (factory.produced % 51_200 === 0) log(`ingestRequest: ${factory.produced.toLocaleString('en')} spans`);
      }
    };
    await ingestBodies(DURABLE_SPANS);
    record(`ingestRequest rate (0 → ${DURABLE_SPANS / 1000}k)`, DURABLE_SPANS / (ingestMs / 1000), 'spans/s');
    let start = performance.now();
    await store.flush();
    record(`snapshot at ${DURABLE_SPANS / 1000}k`, performance.now() - start, 'ms');
    const snapshot250 = fs.statSync(path.join(dir, SNAPSHOT_FILE)).size / MB;
    record(`snapshot file at ${DURABLE_SPANS / 1000}k`, snapshot250, 'MB');
    await store.close();
    log(`snapshot ${snapshot250.toFixed(0)} MB written; reopening`);

    // 2. Reopen at 250k (snapshot only), then with an unsnapshotted log tail to replay.
    start = performance.now();
    store = await TraceStore.open(storeOptions);
    record(`reopen at ${DURABLE_SPANS / 1000}k (snapshot)`, performance.now() - start, 'ms', 1000);
    if (LOG_TAIL_SPANS > 0) {
      ingestMs = 0;
      await ingestBodies(DURABLE_SPANS + LOG_TAIL_SPANS);
      record(`ingestRequest rate after reopen (${DURABLE_SPANS / 1000}k → ${(DURABLE_SPANS + LOG_TAIL_SPANS) / 1000}k)`,
        LOG_TAIL_SPANS / (ingestMs / 1000), 'spans/s');
      const crashed = path.join(root, 'crashed');
      copyStore(dir, crashed);
      log(`reopening a copy with ${LOG_TAIL_SPANS / 1000}k spans in the log tail`);
      start = performance.now();
      const replayed = await TraceStore.open({ ...storeOptions, dir: crashed });
      record(`reopen at ${DURABLE_SPANS / 1000}k + ${LOG_TAIL_SPANS / 1000}k log tail`, performance.now() - start, 'ms', 1000);
      if (replayed.stats().spans !== DURABLE_SPANS + LOG_TAIL_SPANS) throw new Error(`replay found ${replayed.stats().spans} spans`);
      await replayed.close();
      fs.rmSync(crashed, { recursive: true, force: true });
    }
    await defaultWorstCaseReopen(root, Math.min(DURABLE_SPANS, DEFAULT_RETENTION.maxSpans));

    // 3. Bulk to TOTAL through ingestDecoded; the 10k-span trace arrives at about 60%.
    let bigTraceId = '';
    const bigAt = Math.floor(TOTAL * 0.6);
    const bulkFrom = factory.produced;
    let bulkMs = 0;
    const ingest = (spans: RawSpan[]): void => {
      const begin = performance.now();
      store.ingestDecoded({ spans, logs: [] });
      bulkMs += performance.now() - begin;
    };
    let nextReport = Math.ceil((factory.produced + 1) / 100_000) * 100_000;
    while (factory.produced < TOTAL) {
      if (bigTraceId === '' && factory.produced >= bigAt) bigTraceId = factory.bigTrace(BIG_TRACE_SPANS, ingest);
      else ingest(factory.batch(Math.min(BATCH, (bigTraceId === '' ? bigAt : TOTAL) - factory.produced)));
      if (factory.produced >= nextReport) {
        log(`ingestDecoded: ${factory.produced.toLocaleString('en')} spans (${Math.round((factory.produced - bulkFrom) / (bulkMs / 1000))} spans/s)`);
        nextReport += 100_000;
      }
    }
    record(`ingestDecoded rate (${Math.round(bulkFrom / 1000)}k → ${TOTAL / 1000}k)`, (factory.produced - bulkFrom) / (bulkMs / 1000), 'spans/s');
    const stats = store.stats();
    if (stats.spans !== TOTAL) throw new Error(`the store holds ${stats.spans} spans, expected ${TOTAL}`);
    log(`${stats.spans.toLocaleString('en')} spans in ${stats.traces.toLocaleString('en')} traces (${stats.errorTraces} failing); payload ${(store.payloadBytes() / MB).toFixed(0)} MB (${Math.round(store.payloadBytes() / stats.spans)} B/span)`);

    // 4. Memory and queries at TOTAL.
    const mem = memory(gc);
    const label = `${TOTAL / 1_000_000}M`;
    record(`RSS at ${label} spans (in-process, after GC)`, mem.rss, 'MB', 600);
    record(`  of which JS heap used`, mem.heap, 'MB');
    record(`  of which external (wasm + db file buffers)`, mem.external, 'MB');
    const someTool = TOOLS[2]!;
    const lists: Array<[string, TraceFilter]> = [
      ['list newest 100', { limit: 100 }],
      [`list service=${SERVICES[1]}`, { service: SERVICES[1], limit: 100 }],
      ['list status=error', { status: 'error', limit: 100 }],
      [`list text "${someTool}"`, { text: someTool, limit: 100 }],
      ['list text (no match)', { text: 'no-such-thing', limit: 100 }],
    ];
    for (const [name, filter] of lists) {
      const timing = repeat(LIST_REPS, () => store.listTraces(filter));
      record(`${name} p50`, timing.p50, 'ms');
      record(`${name} p95 (${timing.reps} reps, ${timing.result} rows)`, timing.p95, 'ms', 5);
      log(`${name}: p95 ${timing.p95.toFixed(2)} ms`);
    }
    const structure = repeat(FETCH_REPS, () => store.getTraceStructure(bigTraceId));
    record(`getTraceStructure ${structure.result} spans p50`, structure.p50, 'ms');
    record(`getTraceStructure ${structure.result} spans p95`, structure.p95, 'ms', 100);
    const full = repeat(FETCH_REPS, () => store.getTraceSpans(bigTraceId));
    record(`getTraceSpans ${full.result} spans p50`, full.p50, 'ms');
    record(`getTraceSpans ${full.result} spans p95`, full.p95, 'ms', 100);
    log('queries done; snapshotting');

    // 5. Snapshot at TOTAL, then a fresh process opens it (reopen time and memory without ingest leftovers).
    start = performance.now();
    await store.flush();
    record(`snapshot at ${label}`, performance.now() - start, 'ms');
    record(`snapshot file at ${label}`, fs.statSync(path.join(dir, SNAPSHOT_FILE)).size / MB, 'MB');
    await store.close();
    log('opening the snapshot in a fresh process');
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, CHILD_FLAG, dir], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the reopen process failed: ${child.stderr}`);
    const opened = JSON.parse(child.stdout.trim().split('\n').pop()!) as { openMs: number; rss: number; heap: number; listP95: number };
    record(`reopen at ${label} (fresh process, read-only)`, opened.openMs, 'ms');
    record(`RSS at ${label} spans (fresh process after open)`, opened.rss, 'MB', 600);
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

const run = CHILD ? openOnly(process.argv[3]!) : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
