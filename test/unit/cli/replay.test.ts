// `trace-lens replay` in-process against a store folder holding recorded producers' traces and a fake provider:
// the answer printed (terminal controls escaped), each run stored as a trace linked to the original, the spread,
// the exit codes, and the key nowhere: not in stdout/stderr, not in any file written to the store folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPLAY_SERVICE } from '../../../src/core/replay';
import { TraceStore } from '../../../src/core/store';
import { ingestRun } from '../core/agents/fixture-store';
import { startFakeProvider, type FakeProvider } from '../core/replay/fake-providers';
import { tempDir } from '../receiver/helpers';
import { cli, type CliRun } from './helpers';

const KEY = 'sk-cli-test-9f8e7d6c5b4a39281706abcdef';
const KEY_VAR = 'TRACE_LENS_REPLAY_TEST_KEY';
const TRACE = '4089529f33c8aa54eae7d73301aa01b1';
const SPAN = 'fda2518437614a5f';
const LANGFUSE = { trace: '5739415d1b6565b9374934f6be375f24', span: 'afec3a4d36de8c4e' };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function assertNoKey(folder: string, runs: CliRun[]): void {
  for (const file of filesUnder(folder)) {
    const bytes = readFileSync(file);
    assert.equal(bytes.indexOf(KEY), -1, `the key is not in ${file}`);
    assert.equal(bytes.indexOf(KEY.slice(10, 24)), -1, `no piece of the key is in ${file}`);
  }
  for (const r of runs) assert.ok(!`${r.stdout}${r.stderr}`.includes(KEY.slice(10, 24)), 'the key is not printed');
}

describe('trace-lens replay', () => {
  const folder = tempDir('trace-lens-cli-replay-');
  const db = join(folder.dir, 'db');
  const fakes: FakeProvider[] = [];
  const runsSeen: CliRun[] = [];

  before(async () => {
    const store = await TraceStore.open({ dir: db });
    try {
      ingestRun(store, 'live-ai-v7-otel');
      ingestRun(store, 'live-langfuse');
      await store.flush();
    } finally {
      await store.close();
    }
    process.env[KEY_VAR] = KEY;
  });

  after(async () => {
    delete process.env[KEY_VAR];
    for (const f of fakes) await f.close();
    folder.remove();
  });

  async function fake(api: Parameters<typeof startFakeProvider>[0], script: FakeProvider['script']): Promise<FakeProvider> {
    const f = await startFakeProvider(api, script);
    fakes.push(f);
    return f;
  }

  async function replay(...args: string[]): Promise<CliRun> {
    const run = await cli('replay', '--db', db, '--api-key-env', KEY_VAR, ...args);
    runsSeen.push(run);
    return run;
  }

  async function storedReplays(): Promise<Array<{ traceId: string; span: import('../../../src/core/model/types').NormalizedSpan }>> {
    const store = await TraceStore.open({ dir: db, readOnly: true });
    try {
      return store.listTraces().filter((t) => t.service === REPLAY_SERVICE).map((t) => ({ traceId: t.traceId, span: store.getTraceSpans(t.traceId)[0]! }));
    } finally {
      await store.close();
    }
  }

  test('edits from the flags go into the request; the answer streams out escaped; the run is stored, linked', async () => {
    const f = await fake('openai', [{ kind: 'answer', text: 'Sunny \u001b[31mred\u001b[0m in Paris.\u0007' }]);
    const system = join(folder.dir, 'system.txt');
    writeFileSync(system, 'Answer in one line.');
    const run = await replay(TRACE, SPAN, '--base-url', f.baseUrl, '--model', 'gpt-4o-mini', '--system-file', system,
      '--set', 'temperature=0.3', '--set', 'max_tokens=64', '--set', 'tool_choice=tool:get_weather');
    assert.equal(run.code, 0, run.stderr);
    const body = f.requests[0]!.body;
    assert.equal(body.model, 'gpt-4o-mini');
    assert.deepEqual((body.messages as unknown[])[0], { role: 'system', content: 'Answer in one line.' });
    assert.equal(body.temperature, 0.3);
    assert.equal(body.max_tokens, 64);
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'get_weather' } });
    assert.match(run.stdout, /replay of span fda2518437614a5f chat gpt-fake|replay of span fda2518437614a5f ⟦chat gpt-fake⟧/);
    assert.match(run.stdout, /edits: system instructions replaced; model = gpt-4o-mini; temperature = 0\.3; maxTokens = 64; toolChoice = \{"tool":"get_weather"\}/);
    assert.ok(run.stdout.includes('Sunny \\u{1B}[31mred\\u{1B}[0m in Paris.\\u{7}'), run.stdout);
    assert.ok(!run.stdout.includes('\u001b') && !run.stdout.includes('\u0007'), 'no raw control characters reach the terminal');
    assert.match(run.stdout, /finish stop · 20 in \/ 8 out tokens · \$0\.\d+ · \d+ ms · trace [0-9a-f]{32}/);
    assert.match(run.stdout, /vs original: answer differs · output tokens/);
    const stored = await storedReplays();
    assert.equal(stored.length, 1);
    const span = stored[0]!.span;
    assert.deepEqual(span.links.map((l) => [l.traceId, l.spanId]), [[TRACE, SPAN]]);
    assert.equal(span.requestModel, 'gpt-4o-mini');
    assert.ok(span.costUsd !== null && span.costUsd > 0);
    assert.ok(run.stdout.includes(stored[0]!.traceId));
  });

  test('--runs 3 --json: three stored runs, the spread, no streaming text outside the JSON', async () => {
    const f = await fake('anthropic', [{ kind: 'answer', text: 'A' }, { kind: 'answer', text: 'B' }, { kind: 'answer', text: 'A' }]);
    const before = (await storedReplays()).length;
    const run = await replay(TRACE, SPAN, '--provider', 'anthropic', '--base-url', f.baseUrl, '--model', 'claude-haiku-4-5', '--runs', '3', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { runs: Array<{ ok: boolean; text: string; traceId: string }>; spread: { distinctAnswers: unknown[]; runs: number }; provider: string };
    assert.equal(out.provider, 'anthropic');
    assert.deepEqual(out.runs.map((r) => [r.ok, r.text]), [[true, 'A'], [true, 'B'], [true, 'A']]);
    assert.deepEqual(out.spread.distinctAnswers, [{ text: 'A', count: 2 }, { text: 'B', count: 1 }]);
    assert.equal((await storedReplays()).length, before + 3);
    assert.equal(f.requests.length, 3);
  });

  test('a provider failure prints a clear error naming the endpoint, stores the failed run and exits 1', async () => {
    const f = await fake('openai', [{ kind: 'status', status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) }]);
    const before = (await storedReplays()).length;
    const run = await replay(TRACE, SPAN, '--base-url', f.baseUrl);
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`run 1 failed: ${f.baseUrl.replace(/[.]/g, '\\.')}/chat/completions refused the key \\(HTTP 401\\)`));
    const stored = await storedReplays();
    assert.equal(stored.length, before + 1);
    const failed = stored.find((s) => s.span.status === 'error');
    assert.ok(failed);
    assert.equal(failed.span.errorType, 'auth');
  });

  test('a stream cut midway: exit 1, the partial answer kept in the stored run', async () => {
    const f = await fake('gemini', [{ kind: 'cut', text: 'Half an answer and then nothing' }]);
    const run = await replay(TRACE, SPAN, '--provider', 'gemini', '--base-url', f.baseUrl, '--model', 'gemini-2.5-flash');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /broke off before the answer was complete/);
  });

  test('usage errors: no key, an unknown recorded provider without --provider, a bad --set, a missing span', async () => {
    const noKey = await cli('replay', '--db', db, '--api-key-env', 'TRACE_LENS_REPLAY_UNSET_VAR', TRACE, SPAN);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /set TRACE_LENS_REPLAY_UNSET_VAR to the openai key/);
    const langfuse = await replay(LANGFUSE.trace, LANGFUSE.span);
    assert.equal(langfuse.code, 2);
    assert.match(langfuse.stderr, /pass --provider/);
    const badSet = await replay(TRACE, SPAN, '--set', 'warmth=3');
    assert.equal(badSet.code, 2);
    assert.match(badSet.stderr, /unknown parameter \(known: temperature, top_p/);
    const missing = await replay(TRACE, '0000000000000001');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);
    const notLlm = await replay(TRACE, (await rootSpanId(TRACE)));
    assert.equal(notLlm.code, 1);
    assert.match(notLlm.stderr, /not a model call/);
  });

  test('the key is in no file of the store folder and was never printed', () => {
    assert.ok(runsSeen.length >= 5);
    assertNoKey(db, runsSeen);
  });

  async function rootSpanId(traceId: string): Promise<string> {
    const store = await TraceStore.open({ dir: db, readOnly: true });
    try {
      return store.getTraceSpans(traceId).find((s) => s.kind !== 'llm')!.spanId;
    } finally {
      await store.close();
    }
  }
});
