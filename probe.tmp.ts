import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { TraceStore } from '/work/main/src/core/store';
import { encodeTracesProtobuf } from '/work/main/src/core/otlp';
import { SpanFactory } from '/work/main/scripts/bench/lib/genai-spans';
(async () => {
  const N = Number(process.argv[2] ?? 100000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-'));
  const f = new (SpanFactory as any)();
  const bodies: Uint8Array[] = [];
  while (f.produced < N) bodies.push(encodeTracesProtobuf(f.batch(512)));
  const store = await TraceStore.open({ dir });
  let t = performance.now();
  for (let i = 0; i < bodies.length; i += 8) store.ingestGroup(bodies.slice(i, i + 8).map((body) => ({ body, signal: 'traces' as const, encoding: 'protobuf' as const })));
  const ms = performance.now() - t;
  (global as any).gc?.();
  console.log('spans/s', Math.round(N / ms * 1000), 'rss MB', Math.round(process.memoryUsage().rss / 1e6), 'stats', store.stats());
  const du = fs.readdirSync(dir).map((n) => [n, fs.statSync(path.join(dir, n)).size]);
  console.log(du);
  { const SQL = await (await import('./src/core/store/sqljs')).loadSqlJs(); const base = (store as any).data.export();
    for (const drop of ['', 'DROP INDEX spans_by_code', 'DROP INDEX spans_with_usage_by_parent', 'DROP TABLE traces', 'DELETE FROM spans']) {
      const db = new SQL.Database(base); if (drop) db.exec(drop); db.exec('VACUUM'); console.log(drop || 'vacuumed', Math.round(db.export().length / N)); db.close(); } }
  const exp = (store as any).data.export(); console.log('index bytes', exp.length, 'B/span', Math.round(exp.length / N));
  t = performance.now(); let first = 0; const r = await store.searchContent({ text: 'zzznomatch' }, () => {}); console.log('search', performance.now() - t, r);
  await store.close();
  t = performance.now(); const s2 = await TraceStore.open({ dir, readOnly: true }); console.log('reopen ms', performance.now() - t, s2.stats().spans);
  fs.rmSync(dir, { recursive: true });
})();
