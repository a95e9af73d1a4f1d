// Store benchmark (no assertions): the insert ceilings of the slim index, query latency over 100k spans,
// snapshot time, index and segment sizes, replay rate. Ratios compare ingest with normalizeSpan alone, a bare
// sql.js prepared INSERT of the same rows into the same schema, decode alone, and group commit in memory vs
// into a folder (one fsync per group of GROUP requests) vs one fsync per request, all measured in this run.
// Run: node --import tsx scripts/bench/store.ts [spanCount]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SqlValue } from 'sql.js';
import type { RawSpan } from '../../src/core/model/types';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../src/core/model/normalize';
import { encodeTracesProtobuf } from '../../src/core/otlp';
import { decodeRequest, type OtlpEncoding } from '../../src/core/otlp';
import { DEFAULT_REDACTION, REDACTION_OFF, type RedactionConfig } from '../../src/core/redaction';
import { TraceStore, type IngestItem } from '../../src/core/store';
import { INDEX_FILE } from '../../src/core/store/files';
import { SCHEMA_SQL } from '../../src/core/store/schema';
import { INSERT_SPAN_SQL, insertSpanValues } from '../../src/core/store/span-rows';
import { loadSqlJs } from '../../src/core/store/sqljs';
import { fmtInt, percentile, rate, ratio, targetLine } from './lib/report';

const INGEST_TARGET_SPANS_PER_S = 5000;
/** Durable ingest with the default redaction rules, as a share of the same ingest with redaction off. */
const REDACTION_GOAL = 0.8;
const QUERY_P95_TARGET_MS = 50;
const QUERY_RUNS = 20;

const TOTAL = Number(process.argv[2] ?? 100_000);
const SPANS_PER_TRACE = 20;
const BATCH = 512;
/** Requests per group commit (what the worker batches when requests queue up). */
const GROUP = 8;
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

async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
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
  let off = 0;
  let n = 0;
  // Repeating fields go through a strings dictionary in the store; here a plain map stands in for it.
  const ids = new Map<string, number>();
  const intern = (value: string | null): number | null => {
    if (value === null) return null;
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size + 1));
    return id;
  };
  const rows = batches.map((batch) => batch.map((raw) => {
    const i = n++;
    const len = 600;
    const at = { seg: 1, off, len };
    off += len;
    // The index row only (no payload bytes): trace key, no code location, one resource.
    return insertSpanValues(Math.floor(i / SPANS_PER_TRACE) + 1, normalizeSpan(raw, [], DEFAULT_NORMALIZE_OPTIONS), null, 1, at, intern) as SqlValue[];
  }));
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

function groups(bodies: Uint8Array[], encoding: OtlpEncoding): IngestItem[][] {
  const out: IngestItem[][] = [];
  for (let i = 0; i < bodies.length; i += GROUP) {
    out.push(bodies.slice(i, i + GROUP).map((body) => ({ body, signal: 'traces' as const, encoding })));
  }
  return out;
}

function folderBytes(dir: string): { index: number; segments: number } {
  let index = 0;
  let segments = 0;
  for (const file of fs.readdirSync(dir)) {
    const size = fs.statSync(path.join(dir, file)).size;
    if (file === INDEX_FILE) index += size;
    else if (file.endsWith('.atl')) segments += size;
  }
  return { index, segments };
}

async function main(): Promise<void> {
  const spans = Array.from({ length: TOTAL }, (_, i) => makeSpan(i));
  const batches: RawSpan[][] = [];
  for (let i = 0; i < spans.length; i += BATCH) batches.push(spans.slice(i, i + BATCH));
  const bodies = batches.map((b) => encodeTracesProtobuf(b));
  const otlpBytes = bodies.reduce((n, b) => n + b.length, 0);
  console.log(`${fmtInt(TOTAL)} spans in ${batches.length} protobuf requests of ${BATCH} (${(otlpBytes / 1024 ** 2).toFixed(1)} MB), groups of ${GROUP}`);

  const normalizeOnly = time(() => { for (const span of spans) normalizeSpan(span, [], DEFAULT_NORMALIZE_OPTIONS); });
  const normalizeRate = rate(TOTAL, normalizeOnly.ms);
  console.log(`normalizeSpan alone: ${fmtInt(normalizeRate)} spans/s`);
  const decodeOnly = time(() => { for (const body of bodies) decodeRequest(body, 'traces', 'protobuf'); });
  const decodeRate = rate(TOTAL, decodeOnly.ms);
  console.log(`decodeRequest alone (protobuf): ${fmtInt(decodeRate)} spans/s`);
  await rawInsertMs(batches); // warm-up: grows sql.js's wasm memory once, so neither measured pass pays for it
  const rawMs = await rawInsertMs(batches);
  const rawRate = rate(TOTAL, rawMs);
  console.log(`bare sql.js prepared INSERT of the same index rows (same schema and indexes): ${fmtInt(rawRate)} spans/s`);
  // What ingest would cost if it were only normalize + INSERT: the two times added.
  const floorRate = rate(TOTAL, normalizeOnly.ms + rawMs);

  const decodedStore = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
  const decoded = time(() => { for (const spansBatch of batches) decodedStore.ingestDecoded({ spans: spansBatch, logs: [] }); });
  const decodedRate = rate(TOTAL, decoded.ms);
  await decodedStore.close();
  console.log(`ingestDecoded, memory store (normalize + payload record + index insert + rollup): ${fmtInt(decodedRate)} spans/s`);
  console.log(`  ratios (same run): / normalize alone = ${ratio(decodedRate, normalizeRate)}, / bare INSERT = ${ratio(decodedRate, rawRate)}, `
    + `/ (normalize + bare INSERT) = ${ratio(decodedRate, floorRate)}`);

  const memory = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
  const memGroups = groups(bodies, 'protobuf');
  const memInsert = time(() => { for (const group of memGroups) memory.ingestGroup(group); });
  const memRate = rate(TOTAL, memInsert.ms);
  console.log(`ingestGroup, memory store (decode + the above), groups of ${GROUP}: ${fmtInt(memRate)} spans/s `
    + `(${ratio(memRate, decodeRate)} of decode alone, ${ratio(memRate, decodedRate)} of ingestDecoded)`);

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
  let contentBytes = 0;
  const content = await timeAsync(() => memory.searchContent({ text: 'no-such-thing' }, () => undefined));
  contentBytes = content.value.scannedBytes;
  console.log(`searchContent (no match, full scan of ${(contentBytes / 1024 ** 2).toFixed(0)} MB in memory): ${content.ms.toFixed(0)} ms, `
    + `${(contentBytes / 1024 ** 2 / (content.ms / 1000)).toFixed(0)} MB/s`);
  const worstQueryP95 = Math.max(list.p95, filtered.p95, text.p95, structure.p95, full.p95);
  await memory.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-store-'));
  try {
    // Defaults for segments and snapshots; no retention limit so every figure covers all TOTAL spans.
    const options = { dir, retention: { maxSpans: 0, maxBytes: 0 } };
    const durable = await TraceStore.open(options);
    const diskGroups = groups(bodies, 'protobuf');
    const groupInsert = time(() => { for (const group of diskGroups) durable.ingestGroup(group); });
    const groupRate = rate(TOTAL, groupInsert.ms);
    console.log(`ingestGroup into a folder (decode + records + one fsync per ${GROUP} requests + index): ${fmtInt(groupRate)} spans/s`
      + ` (${ratio(groupRate, memRate)} of the memory store, ${ratio(groupRate, decodeRate)} of decode alone)`);
    console.log(targetLine(`ingest >= ${fmtInt(INGEST_TARGET_SPANS_PER_S)} spans/s sustained (ingestGroup, durable)`,
      groupRate >= INGEST_TARGET_SPANS_PER_S, `${fmtInt(groupRate)} spans/s, ${ratio(groupRate, INGEST_TARGET_SPANS_PER_S)} the target`));
    console.log(targetLine(`query p95 < ${QUERY_P95_TARGET_MS} ms (worst of listTraces x3, getTraceStructure, getTraceSpans)`,
      worstQueryP95 < QUERY_P95_TARGET_MS, `${worstQueryP95.toFixed(2)} ms`));
    const snapshot = performance.now();
    await durable.flush();
    console.log(`snapshot (flush): ${(performance.now() - snapshot).toFixed(0)} ms`);
    const sizes = folderBytes(dir);
    console.log(`folder: index ${(sizes.index / 1024 ** 2).toFixed(1)} MB (${fmtInt(sizes.index / TOTAL)} B/span), `
      + `segments ${(sizes.segments / 1024 ** 2).toFixed(1)} MB (${fmtInt(sizes.segments / TOTAL)} B/span) for ${fmtInt(TOTAL)} spans; `
      + `OTLP protobuf received ${(otlpBytes / 1024 ** 2).toFixed(1)} MB`);
    await durable.close();
    const reopen = performance.now();
    const reopened = await TraceStore.open(options);
    console.log(`open (snapshot load, nothing to replay): ${(performance.now() - reopen).toFixed(0)} ms`);
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });

    // One fsync per request: what a store without group commit pays (and the worker when requests arrive one by one).
    const single = await TraceStore.open({ ...options, snapshotTailBytes: Number.MAX_SAFE_INTEGER });
    const singleInsert = time(() => { for (const body of bodies) single.ingestRequest(body, 'traces', 'protobuf'); });
    const singleRate = rate(TOTAL, singleInsert.ms);
    console.log(`ingestRequest into a folder (one fsync per request): ${fmtInt(singleRate)} spans/s`
      + ` (${ratio(singleRate, groupRate)} of groups of ${GROUP})`);
    // No snapshot was written (the tail limit is out of reach): every span comes back from the segments.
    const replay = performance.now();
    const reader = await TraceStore.open({ dir, readOnly: true });
    const replayMs = performance.now() - replay;
    console.log(`replay of ${fmtInt(reader.stats().spans)} spans from the segments (read-only open, no snapshot): `
      + `${fmtInt(rate(TOTAL, replayMs))} spans/s (${replayMs.toFixed(0)} ms)`);
    await reader.close();
    await single.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench spans, with a secret in 1 of 50 (an API key in the messages) and an authorization header in 1 of 20. */
function withSecrets(i: number): RawSpan {
  const span = makeSpan(i);
  if (i % 20 === 7) span.attributes['http.request.header.authorization'] = `Basic dXNlcjpwYXNz${i}`;
  if (i % 50 === 1 && typeof span.attributes['gen_ai.input.messages'] === 'string') {
    span.attributes['gen_ai.input.messages'] = span.attributes['gen_ai.input.messages'].replace('question', `key sk-proj-${hex(i, 24)}abcd question`);
  }
  return span;
}

/**
 * Durable group-commit ingest with the default redaction rules vs with redaction off, alternating twice
 * (best of each) so drift on the shared cores hits both alike.
 */
async function redactionCost(): Promise<void> {
  const bodies: Uint8Array[] = [];
  for (let i = 0; i < TOTAL; i += BATCH) {
    bodies.push(encodeTracesProtobuf(Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, k) => withSecrets(i + k))));
  }
  const best = { off: 0, on: 0 };
  let redacted = 0;
  for (let round = 0; round < 2; round++) {
    for (const [mode, redaction] of [['off', REDACTION_OFF], ['on', DEFAULT_REDACTION]] as Array<['off' | 'on', RedactionConfig]>) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `atl-bench-redact-${mode}-`));
      try {
        const store = await TraceStore.open({ dir, retention: { maxSpans: 0, maxBytes: 0 }, redaction });
        const items = groups(bodies, 'protobuf');
        const ingest = time(() => { for (const group of items) store.ingestGroup(group); });
        best[mode] = Math.max(best[mode], rate(TOTAL, ingest.ms));
        if (mode === 'on') redacted = store.stats().redactions ?? 0;
        await store.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  console.log(`redaction at ingest, durable ingestGroup (groups of ${GROUP}), ${fmtInt(TOTAL)} spans, 1 in 50 with an API key `
    + `and 1 in 20 with an authorization header: off ${fmtInt(best.off)} spans/s, default rules ${fmtInt(best.on)} spans/s `
    + `(${fmtInt(redacted)} values redacted)`);
  console.log(targetLine(`durable ingest with the default redaction rules >= ${REDACTION_GOAL}x redaction off (same run)`,
    best.on / best.off >= REDACTION_GOAL, `${ratio(best.on, best.off)} of off`));
}

main().then(redactionCost).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
