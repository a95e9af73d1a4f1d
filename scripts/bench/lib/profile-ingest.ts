// Not a benchmark (lib/ is not run by `npm run bench`): ingest N spans through ingestGroup for `node --cpu-prof`.
// Run: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx scripts/bench/lib/profile-ingest.ts [spans] [dir|memory]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeTracesProtobuf } from '../../../src/core/otlp';
import { TraceStore, type IngestItem } from '../../../src/core/store';
import { BATCH, SpanFactory } from './genai-spans';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const memory = process.argv[3] === 'memory';
  const dir = memory ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'atl-prof-'));
  const factory = new SpanFactory();
  const bodies: Uint8Array[] = [];
  while (factory.produced < total) bodies.push(encodeTracesProtobuf(factory.batch(BATCH)));
  const store = await TraceStore.open({ dir, retention: { maxSpans: 0, maxBytes: 0 } });
  const start = performance.now();
  for (let i = 0; i < bodies.length; i += 8) {
    store.ingestGroup(bodies.slice(i, i + 8).map((body): IngestItem => ({ body, signal: 'traces', encoding: 'protobuf' })));
  }
  console.log(`${Math.round(total / ((performance.now() - start) / 1000))} spans/s`);
  await store.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

void main();
