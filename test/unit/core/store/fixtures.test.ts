// Every recorded producer: ingest through the durable path, then (1) reopen from the segments alone,
// (2) from the index snapshot, (3) export → import; all must give back identical traces.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import type { OtlpEncoding, OtlpSignal } from '../../../../src/core/otlp';
import { TraceStore } from '../../../../src/core/store';
import { ingestFileContent } from '../../../../src/store-worker/import-files';
import { removeDir, tempDir } from './helpers';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'otlp');

function requestFiles(dir: string): Array<{ file: string; signal: OtlpSignal; encoding: OtlpEncoding }> {
  return fs.readdirSync(dir).sort()
    .filter((f) => /^\d+-.*(traces|logs)\.(json|pb)$/.test(f) && !f.endsWith('.decoded.json'))
    .map((f) => ({
      file: path.join(dir, f),
      signal: f.includes('logs') ? 'logs' as const : 'traces' as const,
      encoding: f.endsWith('.pb') ? 'protobuf' as const : 'json' as const,
    }));
}

function snapshotOf(store: TraceStore): unknown {
  return store.listTraces({ limit: 10_000 }).map((t) => ({ summary: t, spans: store.getTraceSpans(t.traceId) }));
}

for (const producer of fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'summary.txt')))) {
  it(`round-trips the ${producer} recording`, async () => {
    const dir = tempDir('fixture');
    try {
      const store = await TraceStore.open({ dir, snapshotTailBytes: 1e9 });
      const files = requestFiles(path.join(FIXTURES, producer));
      assert.ok(files.length > 0);
      for (const { file, signal, encoding } of files) store.ingestRequest(fs.readFileSync(file), signal, encoding);
      assert.ok(store.stats().spans > 0);
      const original = snapshotOf(store);
      const exported = store.exportOtlpJson();

      assert.equal(fs.existsSync(path.join(dir, 'index.sqlite')), false, 'no snapshot yet');
      const replayed = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(snapshotOf(replayed), original, 'replay of the segments');
      await replayed.close();
      await store.close();
      assert.ok(fs.existsSync(path.join(dir, 'index.sqlite')), 'close wrote the snapshot');
      const fromSnapshot = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(snapshotOf(fromSnapshot), original, 'snapshot');
      await fromSnapshot.close();

      const imported = await TraceStore.open({ dir: null });
      ingestFileContent(imported, 'export.jsonl', new TextEncoder().encode(exported));
      assert.deepEqual(snapshotOf(imported), original, 'export → import');
      await imported.close();
    } finally {
      removeDir(dir);
    }
  });
}

it('attaches the contrib instrumentation\'s log records (sent before the spans) to their spans', async () => {
  const files = requestFiles(path.join(FIXTURES, 'otel-openai-contrib-proto'));
  const withLogs = await TraceStore.open({ dir: null });
  const withoutLogs = await TraceStore.open({ dir: null });
  for (const { file, signal, encoding } of files) {
    withLogs.ingestRequest(fs.readFileSync(file), signal, encoding);
    if (signal === 'traces') withoutLogs.ingestRequest(fs.readFileSync(file), signal, encoding);
  }
  const events = (store: TraceStore) => store.listTraces().flatMap((t) => store.getTraceSpans(t.traceId))
    .reduce((sum, span) => sum + span.events.length, 0);
  assert.ok(files.findIndex((f) => f.signal === 'logs') < files.findIndex((f) => f.signal === 'traces'));
  assert.ok(events(withLogs) > events(withoutLogs), `${events(withLogs)} vs ${events(withoutLogs)}`);
  await Promise.all([withLogs.close(), withoutLogs.close()]);
});
