// UI test of the quality loop in a real workbench: evaluation-score badges on the judge span and the trace, the
// Prompts view's scorecard per prompt version, two versions compared side by side, and a list row saved as a
// regression fixture.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, type VscodeSession } from './harness';
import { refundTrace, type RefundTrace } from './refund-trace';

let s: VscodeSession;
let view: FrameLocator;
const runs: RefundTrace[] = [];

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  runs.push(
    refundTrace({ promptVersion: 'v1', judgeScore: 0.4 }),
    refundTrace({ promptVersion: 'v1', judgeScore: 0.6, skipCitationCheck: true }),
    refundTrace({ promptVersion: 'v2', judgeScore: 0.9 }),
  );
  for (const r of runs) assert.equal((await s.postOtlp(r.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  await s.widenSideBar(900);
});

after(async () => {
  await s?.close();
});

test('the judge span and its trace carry the score badge', async () => {
  const newest = runs[2]!;
  const row = view.locator(`.trace-row[data-trace-id="${newest.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.locator('.badge', { hasText: 'answer_quality 0.90 pass' }).waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  const judge = view.locator(`.span-tree .tree-row[data-span-id="${newest.ids.judge}"]`);
  await judge.waitFor({ state: 'visible', timeout: 10_000 });
  await judge.locator('.badge', { hasText: 'answer_quality 0.90 pass' }).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator('vscode-toolbar-button.back').click();
});

test('the Prompts view scores each version and compares two side by side', async () => {
  await view.locator('vscode-toolbar-button.show-prompts').click();
  const card = view.locator('.prompt-card[data-prompt="refund-answer"]');
  await card.waitFor({ state: 'visible', timeout: 20_000 });
  const v1 = card.locator('.prompt-version[data-version="v1"]');
  const v2 = card.locator('.prompt-version[data-version="v2"]');
  await v1.waitFor({ state: 'visible', timeout: 10_000 });
  const cells = async (row: typeof v1) => (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  const first = await cells(v1);
  assert.equal(first[1], '2', `v1 runs: ${first.join(' | ')}`);
  assert.match(first[3]!, /answer_quality 0\.50/);
  assert.equal((await cells(v2))[1], '1');
  await s.screenshot('prompts-view');

  await v1.click();
  await v2.click();
  await view.locator('vscode-button.compare-versions:not([disabled])').click();
  const runsRow = view.locator('.cohort-metric[data-metric="runs"]');
  await runsRow.waitFor({ state: 'visible', timeout: 10_000 });
  const runCells = (await runsRow.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(runCells.slice(0, 4), ['runs', '2', '1', '−1']);
  const score = view.locator('.cohort-metric[data-metric="answer_quality (mean score)"]');
  const scoreCells = (await score.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(scoreCells.slice(0, 4), ['answer_quality (mean score)', '0.50', '0.90', '+0.40']);
  assert.match(scoreCells[4]!, /too few runs/);
  assert.ok(await score.locator('.diff.better').count() === 1);
  await s.screenshot('prompts-compare');
});

test('a run opened from the Prompts view goes back to it', async () => {
  await view.locator('.cohort-comparison vscode-toolbar-button').first().click();
  const v2 = view.locator('.prompt-card[data-prompt="refund-answer"] .prompt-version[data-version="v2"]');
  await v2.locator('vscode-button.latest-run').click();
  await view.locator(`.span-tree .tree-row[data-span-id="${runs[2]!.ids.judge}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator('vscode-toolbar-button.back').click();
  await v2.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await view.locator('.prompt-version.picked').count(), 2, 'the picks are kept');
});

test('"Save as Regression Fixture" on a list row writes the trace and its manifest into the workspace', async () => {
  await view.locator('vscode-toolbar-button.back').click();
  const run = runs[0]!;
  const row = view.locator(`.trace-row[data-trace-id="${run.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.hover();
  await row.locator('vscode-toolbar-button.save-fixture').click();
  const toast = view.locator('.toast', { hasText: 'Saved test/trace-fixtures/' });
  await toast.waitFor({ state: 'visible', timeout: 15_000 });
  const saved = /Saved (\S+\.fixture\.json)/.exec(await toast.innerText())?.[1];
  assert.ok(saved, await toast.innerText());
  // A clean run with no contract: named "pass-<trace id prefix>", in its workload's folder.
  assert.match(saved, new RegExp(`^test/trace-fixtures/[^/]+/pass-${run.traceId.slice(0, 8)}\\.fixture\\.json$`));
  const manifestFile = join(s.workspace, saved);
  const folder = join(manifestFile, '..');
  assert.ok(existsSync(manifestFile), manifestFile);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { expect: string; trace: string; traceId: string };
  assert.equal(manifest.expect, 'pass');
  assert.equal(manifest.traceId, run.traceId);
  const exported = JSON.parse(readFileSync(join(folder, manifest.trace), 'utf8')) as Array<{ resourceSpans?: unknown[] }>;
  assert.ok(exported.some((r) => Array.isArray(r.resourceSpans) && r.resourceSpans.length > 0));
});

