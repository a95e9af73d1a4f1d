// UI test of span links in a real workbench: span → prompt (details' Prompt section), double-click span →
// source line, CodeLens over that line → the panel lists its spans. Also saves the README screenshot.
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { artifactsDir, launchVscode, publishReadmeScreenshot, type VscodeSession } from './harness';
import { refundTrace, type RefundTrace } from './refund-trace';

const AGENT_LINE = 3; // `const prompt = loadPrompt('refund-answer', 'v1');` in test/fixtures/workspace/src/agent.ts
let s: VscodeSession;
let view: FrameLocator;
let trace: RefundTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1600, height: 1000 } });
  await s.waitForReceiver();
  trace = refundTrace({ codeFile: '/app/src/agent.ts', codeLine: AGENT_LINE });
  assert.equal((await s.postOtlp(trace.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  const row = view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).waitFor({ state: 'visible', timeout: 10_000 });
});

after(async () => {
  await s?.close();
});

test('the details show the span prompt as text and "Open prompt" opens its file', async () => {
  await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).click();
  const section = view.locator(`.details[data-span-id="${trace.ids.generate}"] .prompt-section`);
  await section.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal((await section.locator('.prompt-name').innerText()).trim(), 'refund-answer');
  assert.equal((await section.locator('.prompt-version').innerText()).trim(), 'v1');
  assert.match(await section.locator('.prompt-variables tr[data-key="question"]').innerText(), /order 10452/);
  assert.match(await section.locator('.prompt-template').innerText(), /You are a support agent/);
  // The workspace has exactly this version: no diff offered.
  await section.locator('.prompt-status', { hasText: 'the workspace has this version' }).waitFor({ timeout: 10_000 });
  assert.equal(await section.locator('.diff-prompt').count(), 0);
  await section.locator('.open-prompt').click();
  await s.waitForActiveEditor('v1.md');
});

test('double-clicking a span opens its source file at the recorded line', async () => {
  await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).dblclick();
  await s.waitForActiveEditor('agent.ts');
  const deadline = Date.now() + 10_000;
  let at = await s.cursorPosition();
  while (at?.line !== AGENT_LINE && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    at = await s.cursorPosition();
  }
  assert.deepEqual(at, { line: AGENT_LINE, column: 1 });
  await s.screenshot('span-to-source');
});

test('README screenshot: the refund-bot trace with llm.generate selected beside its code', async () => {
  await s.widenSideBar(700);
  await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).click();
  await view.locator(`.details[data-span-id="${trace.ids.generate}"] .prompt-status`).waitFor({ timeout: 10_000 });
  // Give the details more room than the short tree needs: drag the tree/details split up.
  const tree = await view.locator('.tree-pane').boundingBox();
  if (tree) {
    const x = tree.x + tree.width / 2;
    await s.page.mouse.move(x, tree.y + tree.height + 1);
    await s.page.mouse.down();
    await s.page.mouse.move(x, tree.y + 250, { steps: 8 });
    await s.page.mouse.up();
  }
  await view.locator('.details-pane').evaluate((el) => { el.scrollTop = 0; });
  await s.page.mouse.move(1200, 600); // no hover highlight on the split handle
  await view.locator('.toast').waitFor({ state: 'detached', timeout: 10_000 });
  // The CodeLens over the emitting line belongs in the picture.
  await s.page.locator('.codelens-decoration', { hasText: 'llm.generate' }).first().waitFor({ state: 'visible', timeout: 15_000 });
  const file = await s.screenshot('readme-panel');
  assert.equal(file, join(artifactsDir, 'readme-panel.png'));
  assert.ok(statSync(file).size > 10_000, 'a screenshot with content');
  const published = publishReadmeScreenshot(file, 'panel.png');
  if (published) console.log(`  README screenshot: ${Math.round(statSync(published).size / 1024)} KB`);
});

test('with a newer prompt version in the workspace, "Diff with current" diffs the two', async () => {
  writeFileSync(join(s.workspace, 'prompts', 'refund-answer', 'v2.md'),
    'You are a support agent. Answer refund questions in one sentence.\nAlways cite the policy id.\n');
  const section = view.locator(`.details[data-span-id="${trace.ids.generate}"] .prompt-section`);
  const diff = section.locator('.diff-prompt');
  const deadline = Date.now() + 15_000;
  // Re-select the span until the host sees the new file (the status is resolved on selection).
  while ((await diff.count()) === 0 && Date.now() < deadline) {
    await view.locator(`.tree-row[data-span-id="${trace.ids.rewrite}"]`).click();
    await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).click();
    await section.locator('.prompt-status').waitFor({ timeout: 10_000 });
  }
  assert.match(await section.locator('.prompt-gap').innerText(), /trace ran v1, workspace has v2/);
  await diff.click();
  const tab = s.page.locator('.tabs-container .tab.active');
  const deadlineTab = Date.now() + 10_000;
  while (!/v1 \(trace\) ↔ v2 \(workspace\)/.test((await tab.getAttribute('aria-label').catch(() => null)) ?? '') && Date.now() < deadlineTab) {
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.match((await tab.getAttribute('aria-label')) ?? '', /refund-answer: v1 \(trace\) ↔ v2 \(workspace\)/);
});

test('clicking the CodeLens lists the spans emitted at that line in the panel', async () => {
  await view.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`).dblclick();
  await s.waitForActiveEditor('agent.ts');
  const lens = s.page.locator('.codelens-decoration a', { hasText: 'llm.generate' }).first();
  await lens.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await lens.innerText(), /^llm\.generate · 1 run · p95 1\.3 s · 739 tokens$/);
  await lens.click();
  const rows = view.locator('.code-span-row');
  await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-span-id'), trace.ids.generate);
  assert.match(await view.locator('.code-location').innerText(), /agent\.ts:3/);
  // A row opens its trace with the span selected; "Back" returns to this list.
  await rows.first().click();
  await view.locator(`.tree-row.selected[data-span-id="${trace.ids.generate}"]`).waitFor({ timeout: 10_000 });
  await view.locator('vscode-toolbar-button.back').click();
  await rows.first().waitFor({ state: 'visible', timeout: 10_000 });
});
