import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { TraceStore } from './src/core/store';
(async () => {
  const all = fs.readFileSync('/tmp/bodies.bin'); const bodies: Uint8Array[] = [];
  for (let o = 0; o < all.length;) { const n = all.readUInt32LE(o); bodies.push(new Uint8Array(all.subarray(o + 4, o + 4 + n))); o += 4 + n; }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  const store = await TraceStore.open({ dir: process.argv[2] === 'mem' ? null : dir });
  const t = performance.now();
  for (let i = 0; i < bodies.length; i += 8) store.ingestGroup(bodies.slice(i, i + 8).map((body) => ({ body, signal: 'traces' as const, encoding: 'protobuf' as const })));
  const ms = performance.now() - t;
  console.log('spans/s', Math.round(store.stats().spans / ms * 1000));
  await store.close(); fs.rmSync(dir, { recursive: true });
})();
