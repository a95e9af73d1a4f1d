import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { TraceStore } from './src/core/store';
import { encodeTracesProtobuf } from './src/core/otlp';
import { SpanFactory } from './scripts/bench/lib/genai-spans';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe3-'));
  const store = await TraceStore.open({ dir });
  const f = new (SpanFactory as any)();
  const id = f.bigTrace(10000, (spans: any) => store.ingestRequest(encodeTracesProtobuf(spans), 'traces', 'protobuf'));
  for (const label of ['structure', 'spans']) {
    const times: number[] = [];
    for (let i = 0; i < 12; i++) { const t = performance.now(); label === 'spans' ? store.getTraceSpans(id) : store.getTraceStructure(id); times.push(performance.now() - t); }
    times.sort((a, b) => a - b); console.log(label, 'p50', times[6]!.toFixed(1), 'p95', times[11]!.toFixed(1));
  }
  await store.close(); fs.rmSync(dir, { recursive: true });
})();
