// A trace in its own editor tab: opened from the list's row action, one tab per trace, the wide layout
// (labelled columns, waterfall, details beside), Open Source beside the tab, and the tab back after a reload.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, publishReadmeScreenshot, type VscodeSession } from './harness';
import { refundTrace, type RefundTrace } from './refund-trace';

const TITLE = /^refund\.answer · \d{2}:\d{2}:\d{2}$/;
let s: VscodeSession;
let trace: RefundTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1600, height: 1000 } });
  await s.waitForReceiver();
  trace = refundTrace({ codeFile: '/app/src/agent.ts', codeLine: 3 });
  assert.equal((await s.postOtlp(trace.body)).status, 200);
});

after(async () => {
  await s?.close();
});

function traceTabs() {
  return s.page.locator('.tabs-container .tab').filter({ hasText: 'refund.answer ·' });
}

async function editorTab(): Promise<FrameLocator> {
  const tab = await s.webview({ contains: '.trace-table .tree-row' });
  return tab;
}

test('"Open in Editor" on a list row opens the trace in an editor tab with labelled columns', async () => {
  await s.openViewContainer('Agent Traces');
  const side = await s.webview({ contains: 'atl-app' });
  const row = side.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.hover();
  await row.locator('.open-in-editor').click();

  await traceTabs().first().waitFor({ state: 'visible', timeout: 15_000 });
  const active = s.page.locator('.tabs-container .tab.active').first();
  assert.match(((await active.getAttribute('aria-label')) ?? '').split(',')[0]!.trim(), TITLE);
  const tab = await editorTab();
  const headers = await tab.locator('.table-header [role="columnheader"]').allInnerTexts();
  assert.deepEqual(headers.slice(0, 5).map((h) => h.trim()), ['Span', 'Duration', 'Tokens', 'Cost', 'Status']);
  // The side bar still lists the traces: opening in an editor tab does not navigate it.
  assert.equal(await side.locator(`.trace-row[data-trace-id="${trace.traceId}"]`).count(), 1);
  // No Back button: the tab shows this one trace.
  assert.equal(await tab.locator('.trace-header .back').count(), 0);

  // The same trace again: the tab is revealed, not duplicated.
  await row.hover();
  await row.locator('.open-in-editor').click();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await traceTabs().count(), 1);
});

test('the waterfall uses the width beside the table, and the details sit beside both', async () => {
  const tab = await editorTab();
  await tab.locator('vscode-toolbar-button.expand-all').click();
  const generate = tab.locator(`.tree-row[data-span-id="${trace.ids.generate}"]`);
  await generate.locator(".name").click();
  const details = tab.locator(`.details[data-span-id="${trace.ids.generate}"]`);
  await details.waitFor({ state: 'visible', timeout: 10_000 });
  const rowBox = await generate.boundingBox();
  const detailsBox = await details.boundingBox();
  const trackBox = await generate.locator('.bar-track').boundingBox();
  assert.ok(rowBox && detailsBox && trackBox);
  assert.ok(detailsBox.x >= rowBox.x + rowBox.width - 2, 'details to the right of the span table');
  assert.ok(trackBox.width > 250, `waterfall width ${trackBox.width}px`);
  assert.match(await generate.locator('.num.tokens').innerText(), /\d/);
  const file = await s.screenshot('trace-editor-tab');
  publishReadmeScreenshot(file, 'trace-editor.png');
});

test('Open Source from the tab opens the file in another editor group, beside the trace', async () => {
  const tab = await editorTab();
  await tab.locator(`.details[data-span-id="${trace.ids.generate}"] .open-source`).click();
  const groups = s.page.locator('.editor-group-container');
  await groups.nth(1).locator('.tab.active').filter({ hasText: 'agent.ts' }).waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await groups.count(), 2);
  assert.equal(await groups.nth(0).locator('.tab.active').filter({ hasText: 'refund.answer ·' }).count(), 1, 'the trace stays in front in its group');
  assert.equal(await groups.nth(1).locator('.tab').filter({ hasText: 'refund.answer ·' }).count(), 0, 'the source did not open over the trace');
  const at = await s.cursorPosition();
  assert.equal(at?.line, 3);
});

test('the trace tab survives a window reload, with its title and its selected span', async () => {
  // The workbench's own reload saves the editor layout first (a bare page reload may not).
  await s.runCommand('Developer: Reload Window');
  await s.page.waitForEvent('load', { timeout: 30_000 }).catch(() => undefined);
  await s.waitForWorkbench();
  await traceTabs().first().waitFor({ state: 'visible', timeout: 30_000 });
  await traceTabs().first().click();
  const tab = await s.webview({ contains: `.trace-table .tree-row[data-span-id="${trace.ids.generate}"].selected`, timeoutMs: 60_000 });
  assert.match(await tab.locator('.trace-title').innerText(), /refund\.answer/);
  assert.match((await traceTabs().first().getAttribute('aria-label')) ?? '', /refund\.answer · \d{2}:\d{2}:\d{2}/);
});

test('double-clicking a list row opens the editor tab and leaves the side bar on the list', async () => {
  await s.runCommand('View: Close All Editors');
  await traceTabs().first().waitFor({ state: 'detached', timeout: 10_000 });
  const side = await s.webview({ contains: 'atl-app .list-view' });
  const row = side.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.locator('.root-name').dblclick();
  await traceTabs().first().waitFor({ state: 'visible', timeout: 15_000 });
  await side.locator(`.trace-row[data-trace-id="${trace.traceId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await side.locator('.trace-header').count(), 0, 'the side bar shows the list, not the trace');
});
