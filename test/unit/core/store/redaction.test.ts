// Redaction at ingest, seen from the disk: after ingest, compaction and kill -9 of a writer, no file the
// store wrote holds a raw secret; what is stored carries the mark and the counts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_REDACTION, REDACTION_KEY_FILE, REDACTION_OFF } from '../../../../src/core/redaction';
import { TraceStore } from '../../../../src/core/store';
import { listSegments } from '../../../../src/core/store/segment-files';
import { CRASH_OPTIONS } from './fixtures/crash-traces';
import { RAW_NEEDLES, SECRET_REDACTION, secretBodies } from './fixtures/secret-traces';
import { removeDir, spanId, tempDir, traceId } from './helpers';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..', '..');

/** Every file under `dir` that holds one of the raw values, with the value found. */
function rawValuesOnDisk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const bytes = fs.readFileSync(file);
    for (const needle of RAW_NEEDLES) if (bytes.includes(needle)) found.push(`${path.basename(file)}: ${needle}`);
  }
  return found;
}

function ingestSecrets(store: TraceStore, n: number): void {
  const { traces, logs } = secretBodies(n);
  store.ingestRequest(traces, 'traces', 'json');
  store.ingestRequest(logs, 'logs', 'json');
}

describe('redaction at ingest, on disk', () => {
  it('the control: without redaction the grep finds the raw values', async () => {
    const dir = tempDir('redact-off');
    try {
      const store = await TraceStore.open({ dir, redaction: REDACTION_OFF });
      ingestSecrets(store, 1);
      await store.close();
      assert.ok(rawValuesOnDisk(dir).length >= RAW_NEEDLES.length, rawValuesOnDisk(dir).join('\n'));
    } finally {
      removeDir(dir);
    }
  });

  it('no file holds a raw value; spans, structure, list and stats show the rules and counts', async () => {
    const dir = tempDir('redact');
    try {
      const store = await TraceStore.open({ dir, redaction: SECRET_REDACTION });
      const { traces, logs } = secretBodies(1);
      const result = store.ingestRequest(traces, 'traces', 'json');
      assert.ok(result.redactions);
      assert.equal(result.redactions.hits['openai-key'], 1);
      assert.deepEqual(result.redactions.spans.map((s) => s.spanId).sort(), [spanId(1, 1), spanId(1, 2)]);
      assert.ok(!JSON.stringify(result).includes(RAW_NEEDLES[0]!), 'the report never holds a value');
      const logResult = store.ingestRequest(logs, 'logs', 'json');
      assert.deepEqual(logResult.redactions?.hits, { 'github-token': 1 });
      await store.flush();
      const llm = store.getSpan(traceId(1), spanId(1, 2))!;
      assert.ok(llm.redaction);
      assert.ok(llm.redaction.rules.includes('openai-key') && llm.redaction.rules.includes('github-token'), llm.redaction.rules.join());
      assert.match(JSON.stringify(llm.inputMessages), /\[REDACTED:openai-key\].*\[REDACTED:credit-card\].*\[REDACTED:us-ssn\]/);
      assert.match(JSON.stringify(llm.outputMessages), /\[REDACTED:private-key\]/);
      const structure = store.getTraceStructure(traceId(1));
      assert.ok(structure.every((s) => s.redacted && s.redacted.length > 0));
      const total = store.stats().redactions!;
      assert.equal(total, llm.redaction.count + store.getSpan(traceId(1), spanId(1, 1))!.redaction!.count);
      assert.equal(store.listTraces()[0]!.redactions, total);
      assert.equal(store.getTraceSummary(traceId(1))!.redactions, total);
      const exported = store.exportOtlpJson();
      for (const needle of RAW_NEEDLES) assert.ok(!exported.includes(needle), `export holds ${needle}`);
      await store.close();
      assert.deepEqual(rawValuesOnDisk(dir), []);
      const reopened = await TraceStore.open({ dir, readOnly: true });
      assert.equal(reopened.stats().redactions, total, 'the counts survive a reopen');
      await reopened.close();
    } finally {
      removeDir(dir);
    }
  });

  it('nothing raw after rotation, retention and compaction', async () => {
    const dir = tempDir('redact-compact');
    try {
      const store = await TraceStore.open({ dir, ...CRASH_OPTIONS, snapshotTailBytes: 4096, redaction: SECRET_REDACTION,
        onWarning: () => undefined });
      for (let n = 1; n <= 150; n++) ingestSecrets(store, n);
      assert.ok(listSegments(dir)[0]! > 2, `old segments were compacted or deleted (${listSegments(dir).join(',')})`);
      assert.ok(store.stats().spans <= CRASH_OPTIONS.retention!.maxSpans!);
      const left = store.stats().redactions!;
      assert.ok(left > 0 && left === store.listTraces().reduce((sum, t) => sum + (t.redactions ?? 0), 0));
      await store.close();
      assert.deepEqual(rawValuesOnDisk(dir), []);
    } finally {
      removeDir(dir);
    }
  });

  it('nothing raw after kill -9 of a writer in the middle of ingest', async () => {
    const dir = tempDir('redact-kill');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'writer-child.ts'), 'secrets', dir],
        { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if ((out.match(/^acked /gm) ?? []).length >= 60) resolve();
        });
        child.once('exit', () => reject(new Error(`writer exited early: ${err}`)));
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));
      assert.deepEqual(rawValuesOnDisk(dir), []);
      const reopened = await TraceStore.open({ dir, redaction: DEFAULT_REDACTION, onWarning: () => undefined });
      assert.ok(reopened.stats().traces > 0);
      assert.ok(reopened.stats().redactions! > 0);
      await reopened.close();
      assert.deepEqual(rawValuesOnDisk(dir), []);
    } finally {
      removeDir(dir);
    }
  });

  it('hash mode keeps one key per store folder: equal values link across reopen', async () => {
    const dir = tempDir('redact-hash');
    try {
      const config = { ...SECRET_REDACTION, mode: 'hash' as const };
      let store = await TraceStore.open({ dir, redaction: config });
      ingestSecrets(store, 1);
      const first = JSON.stringify(store.getSpan(traceId(1), spanId(1, 2))!.inputMessages);
      await store.close();
      assert.equal(fs.statSync(path.join(dir, REDACTION_KEY_FILE)).size, 32);
      store = await TraceStore.open({ dir, redaction: config });
      ingestSecrets(store, 2);
      const second = JSON.stringify(store.getSpan(traceId(2), spanId(2, 2))!.inputMessages);
      await store.close();
      const hash = /\[openai-key:[0-9a-f]{16}\]/.exec(first)?.[0];
      assert.ok(hash, first);
      assert.ok(second.includes(hash), 'the same key hashes alike after a reopen');
      assert.deepEqual(rawValuesOnDisk(dir), []);
    } finally {
      removeDir(dir);
    }
  });

  it('setRedaction applies to the next requests only', async () => {
    const store = await TraceStore.open({ dir: null, redaction: REDACTION_OFF });
    ingestSecrets(store, 1);
    store.setRedaction(DEFAULT_REDACTION);
    ingestSecrets(store, 2);
    assert.equal(store.getSpan(traceId(1), spanId(1, 2))!.redaction, undefined);
    assert.ok(store.getSpan(traceId(2), spanId(2, 2))!.redaction);
    assert.throws(() => store.setRedaction({ ...DEFAULT_REDACTION, presets: ['nope'] }), /unknown redaction preset/);
    ingestSecrets(store, 3);
    assert.ok(store.getSpan(traceId(3), spanId(3, 2))!.redaction, 'a bad config keeps the rules in force');
    await store.close();
  });
});
