// UI test of coding agents in a real workbench: recorded Claude Code (events only) and Codex (spans + events)
// exports posted to the receiver; the list shows one row per prompt (Codex's start-up traces left out), the Claude
// Code session reads as a transcript under its figures, and Codex's prompt trace shows its model and tool calls
// with the internals folded until the toggle shows them.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { fixturesDir, launchVscode, waitFor, type VscodeSession } from './harness';

const CLAUDE = 'live-claude-code-events';
const CODEX = 'live-codex-spans-json';

function requests(run: string): string[] {
  return readdirSync(join(fixturesDir, 'otlp', run)).filter((f) => /^\d+-(traces|logs|metrics)\.json$/.test(f)).sort()
    .map((f) => `${run}/${f}`);
}

let s: VscodeSession;
let view: FrameLocator;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  for (const file of [...requests(CLAUDE), ...requests(CODEX)]) assert.equal((await s.postFixture(file)).status, 200, file);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  await s.widenSideBar(700);
});

after(async () => {
  await s?.close();
});

test('the trace list shows one row per prompt, without Codex\'s start-up traces', async () => {
  const rows = view.locator('.trace-row');
  await waitFor(async () => (await rows.count()) === 2, 30_000);
  const names = await rows.locator('.root-name').allInnerTexts();
  assert.deepEqual(names.map((n) => n.trim()).sort(), ['claude_code.interaction', 'turn/start']);
  // The toggle lists Codex's start-up traces too (auth, fs.read_file, thread/start …), and hides them again.
  await view.locator('vscode-toolbar-button.show-internals').click();
  await waitFor(async () => (await rows.count()) > 10, 20_000);
  assert.ok((await rows.locator('.root-name').allInnerTexts()).some((n) => n.trim() === 'auth'));
  await view.locator('vscode-toolbar-button.show-internals').click();
  await waitFor(async () => (await rows.count()) === 2, 20_000);
});

test('the Claude Code session shows its agent, tools with decisions, and the transcript', async () => {
  await view.locator('vscode-toolbar-button.show-sessions').click();
  const row = view.locator('.session-row', { has: view.locator('.codicon-sparkle') });
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  const summary = view.locator('.coding-summary[data-agent="claude-code"]');
  await summary.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await summary.locator('.coding-agent').innerText(), /Claude Code/);
  assert.match(await summary.locator('.coding-cost').innerText(), /reported by the agent/);
  const bash = summary.locator('.coding-tool[data-tool="Bash"]');
  assert.match(await bash.innerText(), /1 call[\s\S]*0 failed[\s\S]*1 accepted[\s\S]*0 rejected[\s\S]*decided by config 1/);
  const turn = view.locator('.session-turn').first();
  assert.match(await turn.locator('.role-user .part.text').innerText(), /echo hello-from-tool/);
  assert.match(await turn.locator('.turn-tool').innerText(), /Bash[\s\S]*hello-from-tool/);
  assert.equal((await turn.locator('.role-assistant .part.text').innerText()).trim(), 'Done: the command printed hello-from-tool.');
  await s.screenshot('coding-session');
});

test('the Codex prompt shows its model calls and tool call, internals folded until asked for', async () => {
  await view.locator('.session-view vscode-toolbar-button.back').click();
  await view.locator('vscode-toolbar-button.show-traces').click();
  await view.locator('.trace-row', { hasText: 'turn/start' }).click();
  const kinds = async () => view.locator('.span-tree .tree-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  await waitFor(async () => (await kinds()).length === 4, 20_000);
  assert.deepEqual((await kinds()).sort(), ['llm', 'llm', 'other', 'tool']);
  const note = view.locator('.agent-internals');
  assert.match(await note.innerText(), /internal spans? of the agent folded away/);
  await s.screenshot('codex-prompt-folded');
  await note.locator('.toggle-internals').click();
  await waitFor(async () => (await kinds()).length > 4, 20_000);
  assert.match(await view.locator('.agent-internals').innerText(), /Showing the agent's internal spans/);
});
