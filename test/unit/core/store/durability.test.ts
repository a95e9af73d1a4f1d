import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TraceStore, StoreLockedError } from '../../../../src/core/store';
import { encodeRecord, logFileName } from '../../../../src/core/store/request-log';
import { logsBody, makeLog, makeSpan, removeDir, spanId, tempDir, traceId, tracesBody } from './helpers';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..', '..');

interface Writer {
  child: ChildProcess;
  lines: string[];
  until: (predicate: (lines: string[]) => boolean) => Promise<void>;
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
  const until = (predicate: (lines: string[]) => boolean) => new Promise<void>((resolve, reject) => {
    const check = () => {
      if (predicate(lines)) resolve();
      else if (child.exitCode !== null) reject(new Error(`writer exited early: ${stderr}`));
      else waiters.push(check);
    };
    child.once('exit', () => waiters.splice(0).forEach((w) => w()));
    check();
  });
  return { child, lines, until };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
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

function listing(dir: string): string {
  return fs.readdirSync(dir).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return `${name}:${stat.size}:${stat.mtimeMs}`;
  }).join('\n');
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

      await assert.rejects(TraceStore.open({ dir }), StoreLockedError);

      const before = listing(dir);
      const reader = await TraceStore.open({ dir, readOnly: true });
      assertHasAll(reader, acked);
      assert.throws(() => reader.ingestRequest(tracesBody([makeSpan({ trace: 99, span: 1 })]), 'traces', 'json'),
        /read-only/);
      await reader.close();
      assert.equal(listing(dir), before, 'a read-only open writes nothing');

      await killHard(writer.child);
      const reopened = await TraceStore.open({ dir });
      assertHasAll(reopened, acked);
      await reopened.close();
    } finally {
      if (writer.child.exitCode === null && writer.child.signalCode === null) await killHard(writer.child);
      removeDir(dir);
    }
  });

  it('a reader opening while the writer snapshots after every request still sees every acked trace', async () => {
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
      await killHard(writer.child);
      removeDir(dir);
    }
  });

  it('skips a damaged log tail with a warning and keeps appending after it', async () => {
    const dir = tempDir('corrupt');
    try {
      const first = encodeRecord({ signal: 'traces', encoding: 'json', body: tracesBody([makeSpan({ trace: 1, span: 1 })]) });
      const second = encodeRecord({ signal: 'logs', encoding: 'json', body: logsBody([makeLog(1, 1, 'kept')]) });
      const torn = encodeRecord({ signal: 'traces', encoding: 'json', body: tracesBody([makeSpan({ trace: 2, span: 1 })]) });
      fs.writeFileSync(path.join(dir, logFileName(0)), Buffer.concat([first, second, torn.subarray(0, torn.length - 7)]));

      const warnings: string[] = [];
      const store = await TraceStore.open({ dir, onWarning: (m) => warnings.push(m), snapshotIdleMs: 60_000 });
      assert.deepEqual(store.listTraces().map((t) => t.traceId), [traceId(1)]);
      assert.match(JSON.stringify(store.getSpan(traceId(1), spanId(1, 1))?.events), /kept/);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /damaged/);
      store.ingestRequest(tracesBody([makeSpan({ trace: 3, span: 1 })]), 'traces', 'json');
      // No close: simulate a crash; the next open replays both generations.
      const again = await TraceStore.open({ dir, onWarning: () => undefined });
      assert.deepEqual(again.listTraces().map((t) => t.traceId).sort(), [traceId(1), traceId(3)]);
      await again.close();
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).length, 1, 'snapshot dropped old logs');
      const clean: string[] = [];
      const last = await TraceStore.open({ dir, onWarning: (m) => clean.push(m) });
      assert.equal(last.stats().traces, 2);
      assert.deepEqual(clean, []);
      await last.close();
    } finally {
      removeDir(dir);
    }
  });

  it('counts a log tail replayed at open towards the snapshot size, so tails do not pile up across crashes', async () => {
    const dir = tempDir('tail-bytes');
    try {
      const crashed = await TraceStore.open({ dir, snapshotIdleMs: 60_000, snapshotMaxLogBytes: 1e9 });
      for (let n = 1; n <= 3; n++) crashed.ingestRequest(tracesBody([makeSpan({ trace: n, span: 1 })]), 'traces', 'json');
      // No close: a crash. The next writer replays this tail of three requests.
      const logs = () => fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
      const tailBytes = logs().reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
      const store = await TraceStore.open({ dir, snapshotIdleMs: 60_000, snapshotMaxLogBytes: tailBytes + 1 });
      assert.equal(fs.existsSync(path.join(dir, 'snapshot.sqlite')), false, 'the tail alone stays under the limit');
      assert.equal(logs().length, 2, 'replayed tail + new generation');
      store.ingestRequest(tracesBody([makeSpan({ trace: 4, span: 1 })]), 'traces', 'json');
      assert.ok(fs.existsSync(path.join(dir, 'snapshot.sqlite')), 'tail + one request passed the limit');
      assert.equal(logs().length, 1, 'the snapshot covers the replayed tail');
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
      const store = await TraceStore.open({ dir, snapshotIdleMs: 60_000 });
      store.ingestRequest(tracesBody([makeSpan({ trace: 1, span: 1 })]), 'traces', 'json');
      await store.flush();
      assert.ok(fs.existsSync(path.join(dir, 'snapshot.sqlite')));
      store.ingestRequest(tracesBody([makeSpan({ trace: 2, span: 1 })]), 'traces', 'json');
      const reader = await TraceStore.open({ dir, readOnly: true });
      assert.equal(reader.stats().traces, 2, 'snapshot + log');
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
    } finally {
      removeDir(dir);
    }
  });
});
