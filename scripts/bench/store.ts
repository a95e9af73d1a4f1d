// Store benchmark (no assertions): insert rate, query latency over 100k spans, snapshot time, DB size.
// Run: node --import tsx scripts/bench/store.ts [spanCount]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RawSpan } from '../../src/core/model/types';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../src/core/model/normalize';
import { encodeTracesProtobuf } from '../../src/core/otlp';
import { TraceStore } from '../../src/core/store';

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

async function main(): Promise<void> {
  const spans = Array.from({ length: TOTAL }, (_, i) => makeSpan(i));
  const batches: RawSpan[][] = [];
  for (let i = 0; i < spans.length; i += BATCH) batches.push(spans.slice(i, i + BATCH));

  const normalizeOnly = time(() => { for (const span of spans) normalizeSpan(span, [], DEFAULT_NORMALIZE_OPTIONS); });
  console.log(`normalizeSpan alone (for reference): ${Math.round(TOTAL / (normalizeOnly.ms / 1000))} spans/s`);
  const memory = await TraceStore.open({ dir: null });
  const insert = time(() => { for (const spansBatch of batches) memory.ingestDecoded({ spans: spansBatch, logs: [] }); });
  console.log(`ingestDecoded (normalize + insert + rollup): ${Math.round(TOTAL / (insert.ms / 1000))} spans/s`);

  const list = time(() => memory.listTraces({ limit: 200 }));
  console.log(`listTraces(limit 200) over ${TOTAL} spans: ${list.ms.toFixed(2)} ms`);
  const filtered = time(() => memory.listTraces({ service: 'svc-1', status: 'error', limit: 200 }));
  console.log(`listTraces(service + status): ${filtered.ms.toFixed(2)} ms (${filtered.value.length} rows)`);
  const text = time(() => memory.listTraces({ text: 'step 7', limit: 200 }));
  console.log(`listTraces(text): ${text.ms.toFixed(2)} ms`);
  const traceId = list.value[Math.floor(list.value.length / 2)]!.traceId;
  const structure = time(() => memory.getTraceStructure(traceId));
  console.log(`getTraceStructure (${structure.value.length} spans): ${structure.ms.toFixed(2)} ms`);
  const full = time(() => memory.getTraceSpans(traceId));
  console.log(`getTraceSpans (${full.value.length} spans): ${full.ms.toFixed(2)} ms`);
  const search = time(() => memory.searchSpans({ text: 'question 99999', limit: 50 }));
  console.log(`searchSpans(payload text): ${search.ms.toFixed(2)} ms`);
  await memory.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-store-'));
  try {
    const durable = await TraceStore.open({ dir, snapshotIdleMs: 600_000 });
    const bodies = batches.map((b) => encodeTracesProtobuf(b));
    const durableInsert = time(() => { for (const body of bodies) durable.ingestRequest(body, 'traces', 'protobuf'); });
    console.log(`ingestRequest (decode + log append/fsync + insert): ${Math.round(TOTAL / (durableInsert.ms / 1000))} spans/s`);
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
    const writer = await TraceStore.open({ dir: replayDir, snapshotIdleMs: 600_000 });
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
