// Store benchmark (no assertions): insert rate, query latency over 100k spans, snapshot time, DB size.
// Ratios compare ingest with normalizeSpan alone and with a bare sql.js prepared INSERT of the same rows
// into the same schema, all measured in this run, so the cost of rollups and bookkeeping stays visible.
// Run: node --import tsx scripts/bench/store.ts [spanCount]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RawSpan } from '../../src/core/model/types';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../src/core/model/normalize';
import { encodeTracesProtobuf } from '../../src/core/otlp';
import { TraceStore } from '../../src/core/store';
import { SCHEMA_SQL } from '../../src/core/store/schema';
import { INSERT_SPAN_SQL, insertSpanValues } from '../../src/core/store/span-rows';
import { loadSqlJs } from '../../src/core/store/sqljs';
import { fmtInt, percentile, rate, ratio, targetLine } from './lib/report';

const INGEST_TARGET_SPANS_PER_S = 5000;
const QUERY_P95_TARGET_MS = 50;
const QUERY_RUNS = 20;

const TOTAL = Number(process.argv[2] ?? 100_000);
const SPANS_PER_TRACE = 20;
const BATCH = 512;
const BASE = 1_760_000_000_000_000_000n;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A span with about 20 attributes; every 4th one an LLM call with usage and messages. */
function makeSpan(i: number): RawSpan {
  const trace = Math.floor(i / SPANS_PER_TRACE);
  const local = i % SPANS_PER_TRACE;
  const start = BASE + BigInt(trace) * 10_000_000_000n + BigInt(local) * 1_000_000n;
  const attributes: RawSpan['attributes'] = { 'workload.id': `wl-${trace % 7}` };
  for (let k = 0; k < 14; k++) attributes[`app.attr.${k}`] = `value-${k}-${i}`;
  if (local % 4 === 1) {
    Object.assign(attributes, {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 120 + local,
      'gen_ai.usage.output_tokens': 40, 'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: `question ${i} `.repeat(20) }] },
      ]),
    });
  }
  return {
    traceId: hex(trace + 1, 32), spanId: hex(i + 1, 16), parentSpanId: local === 0 ? null : hex(i - local + 1, 16),
    traceState: '', name: local === 0 ? 'agent run' : `step ${local}`, otelKind: 1,
    startTimeUnixNano: start.toString(), endTimeUnixNano: (start + 800_000n).toString(), attributes, events: [],
    links: [], statusCode: trace % 10 === 0 && local === 3 ? 2 : 0, statusMessage: '',
    resource: { 'service.name': `svc-${trace % 3}` }, scope: { name: 'bench', version: '1' },
  };
}

function time<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

/** p50/p95 over QUERY_RUNS calls (after one warm-up). */
function query<T>(work: () => T): { p50: number; p95: number; value: T } {
  let value = work();
  const samples: number[] = [];
  for (let r = 0; r < QUERY_RUNS; r++) {
    const start = performance.now();
    value = work();
    samples.push(performance.now() - start);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), value };
}

/** The floor: the same rows (normalized beforehand) through one prepared INSERT, a transaction per batch. */
async function rawInsertMs(batches: RawSpan[][]): Promise<number> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
  db.exec(SCHEMA_SQL);
  const rows = batches.map((batch) => batch.map((raw) => insertSpanValues(normalizeSpan(raw, [], DEFAULT_NORMALIZE_OPTIONS), JSON.stringify(raw))));
  const insert = db.prepare(INSERT_SPAN_SQL);
  const start = performance.now();
  for (const batch of rows) {
    db.exec('BEGIN');
    for (const values of batch) insert.run(values);
    db.exec('COMMIT');
  }
  const ms = performance.now() - start;
  insert.free();
  db.close();
  return ms;
}

async function main(): Promise<void> {
  const spans = Array.from({ length: TOTAL }, (_, i) => makeSpan(i));
  const batches: RawSpan[][] = [];
  for (let i = 0; i < spans.length; i += BATCH) batches.push(spans.slice(i, i + BATCH));

  const normalizeOnly = time(() => { for (const span of spans) normalizeSpan(span, [], DEFAULT_NORMALIZE_OPTIONS); });
  const normalizeRate = rate(TOTAL, normalizeOnly.ms);
  console.log(`normalizeSpan alone: ${fmtInt(normalizeRate)} spans/s`);
  await rawInsertMs(batches); // warm-up: grows sql.js's wasm memory once, so neither measured pass pays for it
  const rawMs = await rawInsertMs(batches);
  const rawRate = rate(TOTAL, rawMs);
  console.log(`bare sql.js prepared INSERT of the same rows (same schema and indexes): ${fmtInt(rawRate)} spans/s`);
  // What ingest would cost if it were only normalize + INSERT: the two times added.
  const floorRate = rate(TOTAL, normalizeOnly.ms + rawMs);
  const memory = await TraceStore.open({ dir: null });
  const insert = time(() => { for (const spansBatch of batches) memory.ingestDecoded({ spans: spansBatch, logs: [] }); });
  const ingestRate = rate(TOTAL, insert.ms);
  console.log(`ingestDecoded (normalize + insert + rollup): ${fmtInt(ingestRate)} spans/s`);
  console.log(`ratios (same run): ingestDecoded / normalize alone = ${ratio(ingestRate, normalizeRate)}, `
    + `ingestDecoded / bare INSERT = ${ratio(ingestRate, rawRate)}, `
    + `ingestDecoded / (normalize + bare INSERT) = ${ratio(ingestRate, floorRate)}`);

  const list = query(() => memory.listTraces({ limit: 200 }));
  console.log(`listTraces(limit 200) over ${TOTAL} spans: p50 ${list.p50.toFixed(2)} ms, p95 ${list.p95.toFixed(2)} ms`);
  const filtered = query(() => memory.listTraces({ service: 'svc-1', status: 'error', limit: 200 }));
  console.log(`listTraces(service + status): p50 ${filtered.p50.toFixed(2)} ms, p95 ${filtered.p95.toFixed(2)} ms (${filtered.value.length} rows)`);
  const text = query(() => memory.listTraces({ text: 'step 7', limit: 200 }));
  console.log(`listTraces(text): p50 ${text.p50.toFixed(2)} ms, p95 ${text.p95.toFixed(2)} ms`);
  const traceId = list.value[Math.floor(list.value.length / 2)]!.traceId;
  const structure = query(() => memory.getTraceStructure(traceId));
  console.log(`getTraceStructure (${structure.value.length} spans): p50 ${structure.p50.toFixed(2)} ms, p95 ${structure.p95.toFixed(2)} ms`);
  const full = query(() => memory.getTraceSpans(traceId));
  console.log(`getTraceSpans (${full.value.length} spans): p50 ${full.p50.toFixed(2)} ms, p95 ${full.p95.toFixed(2)} ms`);
  const search = time(() => memory.searchSpans({ text: 'question 99999', limit: 50 }));
  console.log(`searchSpans(payload text, a full scan, run once): ${search.ms.toFixed(2)} ms`);
  const worstQueryP95 = Math.max(list.p95, filtered.p95, text.p95, structure.p95, full.p95);
  await memory.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-store-'));
  try {
    const durable = await TraceStore.open({ dir, snapshotIdleMs: 600_000 });
    const bodies = batches.map((b) => encodeTracesProtobuf(b));
    const durableInsert = time(() => { for (const body of bodies) durable.ingestRequest(body, 'traces', 'protobuf'); });
    const durableRate = rate(TOTAL, durableInsert.ms);
    console.log(`ingestRequest (decode + log append/fsync + insert): ${fmtInt(durableRate)} spans/s`
      + ` (${ratio(durableRate, ingestRate)} of ingestDecoded in memory)`);
    console.log(targetLine(`ingest >= ${fmtInt(INGEST_TARGET_SPANS_PER_S)} spans/s sustained (ingestRequest, durable)`,
      durableRate >= INGEST_TARGET_SPANS_PER_S, `${fmtInt(durableRate)} spans/s, ${ratio(durableRate, INGEST_TARGET_SPANS_PER_S)} the target`));
    console.log(targetLine(`query p95 < ${QUERY_P95_TARGET_MS} ms (worst of listTraces x3, getTraceStructure, getTraceSpans)`,
      worstQueryP95 < QUERY_P95_TARGET_MS, `${worstQueryP95.toFixed(2)} ms`));
    const snapshot = performance.now();
    await durable.flush();
    console.log(`snapshot: ${(performance.now() - snapshot).toFixed(0)} ms`);
    const dbBytes = fs.statSync(path.join(dir, 'snapshot.sqlite')).size;
    console.log(`DB: ${(dbBytes / 1024 ** 2).toFixed(1)} MB for ${TOTAL} spans`);
    durable.ingestRequest(bodies[0]!, 'traces', 'protobuf');
    await durable.close();
    const reopen = performance.now();
    const reopened = await TraceStore.open({ dir });
    console.log(`open (snapshot load): ${(performance.now() - reopen).toFixed(0)} ms`);
    await reopened.close();
    fs.rmSync(path.join(dir, 'snapshot.sqlite'));
    const replayDir = dir;
    // No snapshot at all while writing: every span must come back from the log.
    const writer = await TraceStore.open({ dir: replayDir, snapshotIdleMs: 600_000, snapshotMaxLogBytes: Number.POSITIVE_INFINITY });
    for (const body of bodies) writer.ingestRequest(body, 'traces', 'protobuf');
    // Leave the log unsnapshotted (as after a crash) and time the replay from a read-only open.
    const replay = performance.now();
    const reader = await TraceStore.open({ dir: replayDir, readOnly: true });
    console.log(`replay of ${TOTAL} spans from the log: ${Math.round(TOTAL / ((performance.now() - replay) / 1000))} spans/s`);
    await reader.close();
    await writer.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
