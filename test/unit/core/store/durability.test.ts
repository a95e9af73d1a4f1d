// Durability across processes: a writer child acknowledges traces; kill -9 must lose none of them, a
// read-only open sees them while the writer lives, a second writer is refused, the store always opens.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { NormalizedSpan } from '../../../../src/core/model/types';
import { TraceStore, StoreLockedError } from '../../../../src/core/store';
import { listSegments } from '../../../../src/core/store/segment-files';
import { CRASH_OPTIONS, ERROR_EVERY, SPANS_PER_TRACE, crashTrace } from './fixtures/crash-traces';
import { listing, makeSpan, removeDir, tempDir, traceId, tracesBody } from './helpers';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..', '..');

interface Writer {
  child: ChildProcess;
  lines: string[];
  until: (predicate: (lines: string[]) => boolean) => Promise<void>;
  /** Resolves once the child is gone and all it printed was read. */
  closed: Promise<void>;
  stderr: () => string;
}

function startWriter(args: string[]): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'writer-child.ts'), ...args],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const waiters: Array<() => void> = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
    waiters.splice(0).forEach((w) => w());
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const until = (predicate: (lines: string[]) => boolean) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (predicate(lines)) resolve();
      else if (child.exitCode !== null) reject(new Error(`writer exited early: ${stderr}`));
      else waiters.push(check);
    };
    child.once('exit', () => waiters.splice(0).forEach((w) => w()));
    check();
  });
  return { child, lines, until, closed, stderr: () => stderr };
}

async function killHard(writer: Writer): Promise<void> {
  if (writer.child.exitCode === null && writer.child.signalCode === null) writer.child.kill('SIGKILL');
  await writer.closed;
}

function ackedTraces(lines: string[]): string[] {
  return lines.filter((l) => l.startsWith('acked ')).map((l) => l.slice('acked '.length));
}

function assertHasAll(store: TraceStore, acked: string[]): void {
  assert.equal(store.stats().traces, acked.length);
  for (const id of acked) {
    const summary = store.getTraceSummary(id);
    assert.equal(summary?.spanCount, 3, `trace ${id}`);
    const withLog = store.getSpan(id, store.getTraceStructure(id)[1]!.spanId);
    assert.match(JSON.stringify(withLog?.events), /log for/);
  }
}

describe('TraceStore durability', () => {
  it('keeps every acknowledged request across kill -9; a read-only open sees them while the writer lives', async () => {
    const dir = tempDir('kill');
    const writer = startWriter(['steady', dir, '12']);
    try {
      await writer.until((lines) => lines.includes('done'));
      const acked = ackedTraces(writer.lines);
      assert.equal(acked.length, 12);
      assert.ok(writer.lines.includes('snapshotted'));
      assert.ok(fs.existsSync(path.join(dir, 'index.sqlite')), 'the flush wrote the index snapshot');

      await assert.rejects(TraceStore.open({ dir }), StoreLockedError);

      const before = listing(dir);
      const reader = await TraceStore.open({ dir, readOnly: true });
      assertHasAll(reader, acked);
      assert.throws(() => reader.ingestRequest(tracesBody([makeSpan({ trace: 99, span: 1 })]), 'traces', 'json'),
        /read-only/);
      await reader.close();
      assert.equal(listing(dir), before, 'a read-only open writes nothing');

      await killHard(writer);
      const reopened = await TraceStore.open({ dir });
      assertHasAll(reopened, acked);
      await reopened.close();
    } finally {
      await killHard(writer);
      removeDir(dir);
    }
  });

  it('a reader opening while the writer snapshots after every commit still sees every acked trace', async () => {
    const dir = tempDir('churn');
    const writer = startWriter(['churn', dir]);
    try {
      for (let round = 1; round <= 6; round++) {
        await writer.until((lines) => ackedTraces(lines).length >= round * 3);
        const acked = ackedTraces(writer.lines);
        const reader = await TraceStore.open({ dir, readOnly: true });
        const have = new Set(reader.listTraces({ limit: 100_000 }).map((t) => t.traceId));
        await reader.close();
        for (const id of acked) assert.ok(have.has(id), `round ${round}: acked trace ${id} missing`);
      }
    } finally {
      await killHard(writer);
      removeDir(dir);
    }
  });

  it('loses no acknowledged span across repeated kill -9 during ingest with rotation, compaction and retention', async () => {
    const dir = tempDir('crash');
    const reference = await TraceStore.open({ dir: null, retention: { maxSpans: 0, maxBytes: 0 } });
    const referenced = new Set<number>();
    const expected = (n: number): NormalizedSpan[] => {
      if (!referenced.has(n)) {
        reference.ingestGroup(crashTrace(n));
        referenced.add(n);
      }
      return reference.getTraceSpans(traceId(n));
    };
    const numberOf = (id: string): number => parseInt(id.slice(1), 16);
    /** Eviction order: healthy traces first, then by start (n); a lower rank is evicted earlier. */
    const rank = (n: number): number => (n % ERROR_EVERY === 0 ? 1e9 : 0) + n;
    const acked = new Set<number>();
    const maxSpans = CRASH_OPTIONS.retention!.maxSpans!;

    /**
     * Acked traces are present and intact, unless retention evicts them before everything it keeps. A
     * reader applies no retention (it may still show what the writer evicted after its last snapshot), so
     * the traces retention keeps are worked out here as a writer's open would: lowest rank out first.
     */
    const check = (store: TraceStore, label: string): void => {
      const present = store.listTraces({ limit: 1_000_000 })
        .map((t) => ({ n: numberOf(t.traceId), spans: t.spanCount })).sort((a, b) => rank(a.n) - rank(b.n));
      let total = present.reduce((sum, t) => sum + t.spans, 0);
      while (total > maxSpans) total -= present.shift()!.spans;
      const lowestKept = Math.min(...present.map((t) => rank(t.n)));
      for (const n of acked) {
        const spans = store.getTraceSpans(traceId(n));
        if (spans.length === 0) {
          assert.ok(rank(n) < lowestKept, `${label}: acked trace ${n} is missing but trace(s) evicted after it are kept`);
          continue;
        }
        assert.deepEqual(spans, expected(n), `${label}: acked trace ${n} reads back intact`);
      }
    };

    let next = 1;
    try {
      for (let round = 1; round <= 6; round++) {
        const writer = startWriter(['crash', dir, String(next)]);
        try {
          const want = 15 + ((round * 37) % 50);
          await writer.until((lines) => ackedTraces(lines).length >= want);
          const ready = writer.lines.find((l) => l.startsWith('ready '));
          assert.ok(ready, `round ${round}: the writer opened the store (${writer.stderr()})`);
        } finally {
          await killHard(writer);
        }
        for (const id of ackedTraces(writer.lines)) acked.add(numberOf(id));
        assert.equal(writer.stderr(), '', `round ${round}: the writer failed`);
        next = Math.max(...acked) + 1;
        const reader = await TraceStore.open({ dir, readOnly: true, onWarning: () => undefined });
        check(reader, `round ${round} (read-only)`);
        await reader.close();
      }
      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, ...CRASH_OPTIONS, onWarning: (m) => warnings.push(m) });
      check(store, 'final writable open');
      const spans = store.stats().spans;
      assert.ok(spans <= maxSpans, `${spans} spans kept, limit ${maxSpans}`);
      assert.ok(acked.size * SPANS_PER_TRACE > maxSpans, 'retention had to evict');
      assert.ok(spans > maxSpans - SPANS_PER_TRACE, `retention evicted no more than needed (${spans} spans)`);
      assert.ok(listSegments(dir)[0]! > 1, 'early segments were compacted or retired and deleted');
      assert.deepEqual(warnings.filter((w) => !/truncated \d+ damaged byte/.test(w)), [], 'no other warnings');
      await store.close();
    } finally {
      await reference.close();
      removeDir(dir);
    }
  });

  it('counts a segment tail replayed at open towards the snapshot, so tails do not pile up across crashes', async () => {
    const dir = tempDir('tail-bytes');
    try {
      const crashed = await TraceStore.open({ dir, snapshotTailBytes: 1e9 });
      for (let n = 1; n <= 3; n++) crashed.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1 })]), 'traces', 'json');
      // No close: a crash (the lock is this process's own, so the next open takes it). The next writer replays the tail.
      assert.equal(fs.existsSync(path.join(dir, 'index.sqlite')), false);
      const tailBytes = listSegments(dir).reduce((sum, seg) => sum + fs.statSync(path.join(dir, `segment-${String(seg).padStart(12, '0')}.atl`)).size, 0);
      assert.ok(tailBytes > 0);
      const store = await TraceStore.open({ dir, snapshotTailBytes: tailBytes + 1 });
      assert.equal(fs.existsSync(path.join(dir, 'index.sqlite')), false, 'the tail alone stays under the limit');
      store.ingestRequest(tracesBody([makeSpan({ trace: 4, span: 1 })]), 'traces', 'json');
      assert.ok(fs.existsSync(path.join(dir, 'index.sqlite')), 'tail + one request passed the limit');
      fs.renameSync(path.join(dir, 'index.sqlite'), path.join(dir, 'kept.sqlite'));
      const reader = await TraceStore.open({ dir, readOnly: true });
      assert.equal(reader.stats().traces, 4);
      await reader.close();
      await store.close();
    } finally {
      removeDir(dir);
    }
  });

  it('snapshots on flush, replays what came after, and persists clear()', async () => {
    const dir = tempDir('snapshot');
    try {
      const store = await TraceStore.open({ dir, snapshotTailBytes: 1e9 });
      store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1 })]), 'traces', 'json');
      await store.flush();
      assert.ok(fs.existsSync(path.join(dir, 'index.sqlite')));
      store.ingestRequest(tracesBody([makeSpan({ trace: 2, span: 1 })]), 'traces', 'json');
      const reader = await TraceStore.open({ dir, readOnly: true });
      assert.equal(reader.stats().traces, 2, 'snapshot + segment tail');
      await reader.close();
      await store.close();

      const reopened = await TraceStore.open({ dir });
      assert.equal(reopened.stats().traces, 2);
      reopened.clear();
      reopened.ingestRequest(tracesBody([makeSpan({ trace: 3, span: 1 })]), 'traces', 'json');
      const peek = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(peek.listTraces().map((t) => t.traceId), [traceId(3)]);
      await peek.close();
      await reopened.close();
      const last = await TraceStore.open({ dir, readOnly: true });
      assert.deepEqual(last.listTraces().map((t) => t.traceId), [traceId(3)], 'after a clean close');
      await last.close();
    } finally {
      removeDir(dir);
    }
  });
});
