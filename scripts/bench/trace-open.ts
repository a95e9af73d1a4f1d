// Opening one huge trace (what the panel does): getTraceStructure, getTraceSummary and listTraces
// with a single 100k-span trace in the store, next to 500 ordinary 20-span traces.
// Also through the StoreWorker (durable store), which adds the structured clone to the main thread.
// Run: node --import tsx scripts/bench/trace-open.ts [spansInBigTrace]   (prints numbers; asserts nothing)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RawSpan } from '../../src/core/model/types';
import { encodeTracesProtobuf } from '../../src/core/otlp';
import { TraceStore } from '../../src/core/store';
import { StoreWorker } from '../../src/store-worker';
import { fmtInt, percentile, rate, ratio, targetLine } from './lib/report';

const BIG = Number(process.argv[2] ?? 100_000);
const SMALL_TRACES = 500;
const SMALL_SIZE = 20;
const BATCH = 512;
const BASE = 1_770_000_000_000_000_000n;
const BIG_TRACE_ID = 'b'.repeat(32);
const QUERY_P95_TARGET_MS = 50;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A wide agent tree: root → 1000 steps → LLM/tool children; every 10th span names its code. */
function bigSpan(i: number): RawSpan {
  const parent = i === 0 ? null : i <= 1000 ? 0 : 1 + ((i - 1001) % 1000);
  const start = BASE + BigInt(i) * 37_000n + BigInt((i * 7919) % 1000);
  const attributes: RawSpan['attributes'] = { 'app.step': i };
  for (let k = 0; k < 12; k++) attributes[`app.attr.${k}`] = `value-${k}-${i}`;
  if (i % 3 === 1) {
    Object.assign(attributes, {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 100 + (i % 50), 'gen_ai.usage.output_tokens': 20,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `question ${i} `.repeat(20) }] }]),
    });
  }
  if (i % 10 === 0) Object.assign(attributes, { 'code.file.path': `src/agent/step${i % 40}.ts`, 'code.line.number': 10 + (i % 90) });
  return {
    traceId: BIG_TRACE_ID, spanId: hex(i + 1, 16), parentSpanId: parent === null ? null : hex(parent + 1, 16),
    traceState: '', name: i === 0 ? 'agent run' : i % 3 === 1 ? 'chat gpt-4o-mini' : `tool ${i % 9}`, otelKind: 1,
    startTimeUnixNano: start.toString(), endTimeUnixNano: (start + 900_000n + BigInt(i % 5000)).toString(),
    attributes, events: [], links: [], statusCode: i % 997 === 0 ? 2 : 0, statusMessage: '',
    resource: { 'service.name': 'big-agent' }, scope: { name: 'bench', version: '1' },
  };
}

function smallSpan(trace: number, local: number): RawSpan {
  const start = BASE - 1_000_000_000_000n + BigInt(trace) * 1_000_000_000n + BigInt(local) * 1_000_000n;
  return {
    traceId: hex(trace + 1, 32), spanId: hex(0x100000 + trace * SMALL_SIZE + local, 16),
    parentSpanId: local === 0 ? null : hex(0x100000 + trace * SMALL_SIZE, 16), traceState: '',
    name: local === 0 ? 'agent run' : `step ${local}`, otelKind: 1, startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 500_000n).toString(), attributes: { 'app.n': local }, events: [], links: [],
    statusCode: 0, statusMessage: '', resource: { 'service.name': `svc-${trace % 3}` }, scope: { name: 'bench', version: '1' },
  };
}

interface Timing { min: number; median: number; p95: number }

function summarize(samples: number[]): Timing {
  return { min: Math.min(...samples), median: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** `runs` timed calls after one warm-up (min is the figure least disturbed by a shared machine). */
function timeRuns<T>(runs: number, work: () => T): Timing & { value: T } {
  let value = work();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = work();
    samples.push(performance.now() - start);
  }
  return { ...summarize(samples), value };
}

async function timeRunsAsync<T>(runs: number, work: () => Promise<T>): Promise<Timing & { value: T }> {
  let value = await work();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    value = await work();
    samples.push(performance.now() - start);
  }
  return { ...summarize(samples), value };
}

function ms(t: Timing, digits = 0): string {
  return `min ${t.min.toFixed(digits)} ms, median ${t.median.toFixed(digits)} ms, p95 ${t.p95.toFixed(digits)} ms`;
}

function bigBatches(): RawSpan[][] {
  const batches: RawSpan[][] = [];
  for (let i = 0; i < BIG; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, BIG - i) }, (_, k) => bigSpan(i + k)));
  return batches;
}

function smallBatches(): RawSpan[][] {
  return Array.from({ length: SMALL_TRACES }, (_, t) => Array.from({ length: SMALL_SIZE }, (_, l) => smallSpan(t, l)));
}

async function main(): Promise<void> {
  console.log(`one trace of ${fmtInt(BIG)} spans + ${SMALL_TRACES} traces of ${SMALL_SIZE} spans (node ${process.version})`);
  const store = await TraceStore.open({ dir: null });
  for (const spans of smallBatches()) store.ingestDecoded({ spans, logs: [] });
  const batches = bigBatches();
  const ingestStart = performance.now();
  for (const spans of batches) store.ingestDecoded({ spans, logs: [] });
  console.log(`ingestDecoded of the big trace: ${fmtInt(rate(BIG, performance.now() - ingestStart))} spans/s`);

  const structure = timeRuns(5, () => store.getTraceStructure(BIG_TRACE_ID));
  console.log(`getTraceStructure (${fmtInt(structure.value.length)} spans, in process): ${ms(structure)}`
    + `  (${fmtInt(rate(structure.value.length, structure.min))} spans/s)`);
  const summary = timeRuns(50, () => store.getTraceSummary(BIG_TRACE_ID));
  console.log(`getTraceSummary (big trace): ${ms(summary, 2)}`);
  const list = timeRuns(50, () => store.listTraces({ limit: 200 }));
  console.log(`listTraces(limit 200, big trace present): ${ms(list, 2)}`);
  const text = timeRuns(20, () => store.listTraces({ text: 'tool 4', limit: 200 }));
  console.log(`listTraces(text, big trace present): ${ms(text, 2)}`);
  await store.close();

  // The panel's path: the durable store in the worker, answers cloned to this thread.
  const dir = mkdtempSync(join(tmpdir(), 'atl-bench-open-'));
  try {
    const worker = await StoreWorker.start({ dir });
    for (const spans of [...smallBatches(), ...batches]) await worker.submit(encodeTracesProtobuf(spans), 'traces', 'protobuf');
    const viaWorker = await timeRunsAsync(3, () => worker.getTraceStructure(BIG_TRACE_ID));
    console.log(`getTraceStructure through StoreWorker (durable): ${ms(viaWorker)}; `
      + `${ratio(viaWorker.min, structure.min)} the in-process time (the rest is the clone to this thread)`);
    const open = await timeRunsAsync(3, () => Promise.all([worker.getTraceSummary(BIG_TRACE_ID), worker.getTraceStructure(BIG_TRACE_ID)]));
    console.log(`panel open (summary + structure through the worker): ${ms(open)}`);
    await worker.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(targetLine(`listTraces query p95 < ${QUERY_P95_TARGET_MS} ms`, list.p95 < QUERY_P95_TARGET_MS, `${list.p95.toFixed(2)} ms`));
  console.log(targetLine(`getTraceSummary query p95 < ${QUERY_P95_TARGET_MS} ms`, summary.p95 < QUERY_P95_TARGET_MS, `${summary.p95.toFixed(2)} ms`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
