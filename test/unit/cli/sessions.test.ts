// `trace-lens sessions` and `trace-lens session` on a store holding recorded Claude Code, Codex and Gemini CLI runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceStore } from '../../../src/core/store';
import { printable } from '../../../src/cli/sessions';
import { tempDir } from '../receiver/helpers';
import { ingestRun, n, named, runEvents } from '../core/agents/fixture-store';
import { cli } from './helpers';

const RUNS = ['live-claude-code-events', 'live-codex-events', 'live-gemini-cli-spans-http'];

describe('trace-lens sessions / session', () => {
  const { dir, remove } = tempDir();
  before(async () => {
    const store = await TraceStore.open({ dir });
    for (const run of RUNS) ingestRun(store, run);
    await store.flush();
    await store.close();
  });
  after(remove);

  test('lists one session per agent run, and --agent narrows the list', async () => {
    const all = await cli('sessions', '--db', dir, '--json');
    assert.equal(all.code, 0, all.stderr);
    const rows = JSON.parse(all.stdout) as Array<{ agent: string; prompts: number }>;
    assert.deepEqual(rows.map((r) => r.agent).sort(), ['claude-code', 'codex', 'gemini-cli']);
    const codex = JSON.parse((await cli('sessions', '--db', dir, '--agent', 'codex', '--json')).stdout) as unknown[];
    assert.equal(codex.length, 1);
    const bad = await cli('sessions', '--db', dir, '--agent', 'cursor');
    assert.equal(bad.code, 2);
  });

  test('session prints the report: tokens, reported cost, tools with decisions and the transcript', async () => {
    const events = runEvents('live-claude-code-events');
    const session = String(named(events, 'user_prompt')[0]!['session.id']);
    const json = await cli('session', '--db', dir, session, '--json');
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      agent: string; modelCalls: number; costSource: string; costUsd: number; tools: Array<{ name: string; accepted: number }>;
      transcript: Array<{ prompt: string; answer: string }>; figures: Record<string, number>;
    };
    assert.equal(report.agent, 'claude-code');
    assert.equal(report.modelCalls, named(events, 'api_request').length);
    assert.equal(report.costSource, 'reported');
    assert.ok(Math.abs(report.costUsd - named(events, 'api_request').reduce((s, e) => s + n(e.cost_usd), 0)) < 1e-12);
    assert.deepEqual(report.tools.map((t) => [t.name, t.accepted]), [['Bash', 1]]);
    assert.equal(report.transcript[0]!.prompt, String(named(events, 'user_prompt')[0]!.prompt));
    assert.equal(report.transcript[0]!.answer, String(named(events, 'assistant_response')[0]!.response));
    assert.ok((report.figures.active_time_s ?? 0) > 0, 'the metrics figures are part of the report');
    const text = await cli('session', '--db', dir, session);
    assert.match(text.stdout, /tool Bash: 1 call\(s\), 0 failed, 1 accepted/);
    assert.match(text.stdout, /answer: ⟦Done: the command printed hello-from-tool\.⟧/);
  });

  test('an unknown session exits 1; recorded text cannot move the cursor or hide characters', async () => {
    assert.equal((await cli('session', '--db', dir, 'no-such-session')).code, 1);
    const shown = printable('a\u001b[2Jb\u202ec\u200bd\u{e0041}\nend');
    assert.doesNotMatch(shown, /[\u001b\u202e\u200b\n]|[\u{e0000}-\u{e007f}]/u);
    assert.equal(shown, '⟦a\\u{1B}[2Jb\\u{202E}c\\u{200B}d\\u{E0041} end⟧');
  });
});
