// UI test of comparing two traces in a real workbench: a refund run without its citation check (and with a
// different retrieved document) opened, "Compare with…" → the earlier good run picked in the quick pick,
// the missing span marked as one-sided and the changed attribute shown in the selected row's diff; an open
// comparison picks up a span that arrives later.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, waitFor, type VscodeSession } from './harness';
import { lateChildSpan, refundTrace, type RefundTrace } from './refund-trace';

let s: VscodeSession;
let view: FrameLocator;
let good: RefundTrace;
let bad: RefundTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  good = refundTrace();
  bad = refundTrace({ skipCitationCheck: true, policyDocumentId: 'refund-policy-2019' });
  assert.equal((await s.postOtlp(good.body)).status, 200);
  assert.equal((await s.postOtlp(bad.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
});

const compareRow = (name: string) => view.locator(`.compare-rows .compare-row[data-name="${name}"]`);

test('"Compare with…" on the bad run marks the missing citation check and diffs the retrieved documents', async () => {
  await s.widenSideBar(620);
  const row = view.locator(`.trace-row[data-trace-id="${bad.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await view.locator('.span-tree .tree-row').first().waitFor({ state: 'visible', timeout: 10_000 });

  await view.locator('vscode-toolbar-button.compare-with').click();
  const pick = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: good.traceId }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: bad.traceId }).count(), 0, 'the open trace is not offered');
  await pick.click();

  const cite = compareRow('tool.citation_check');
  await cite.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await view.locator('.compare-side[data-side="A"]').getAttribute('data-trace-id'), bad.traceId);
  assert.equal(await view.locator('.compare-side[data-side="B"]').getAttribute('data-trace-id'), good.traceId);
  assert.equal(await cite.getAttribute('data-side'), 'b');
  assert.equal((await cite.locator('.badge.only').innerText()).trim(), 'only in B');
  // Every other span is on both sides; the counts agree.
  const sides = await view.locator('.compare-rows .compare-row').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')}:${e.getAttribute('data-side')}`));
  assert.deepEqual(sides.filter((x) => !x.endsWith(':both')), ['tool.citation_check:b'], JSON.stringify(sides));
  assert.match(await view.locator('.compare-counts').innerText(), /8 aligned spans · 0 only in A · 1 only in B · 0 status changes/);

  await compareRow('retrieve.policies').click();
  const docs = view.locator('.compare-details tr[data-key="gen_ai.retrieval.documents"]');
  await docs.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await docs.locator('.value-a').innerText(), /refund-policy-2019/);
  assert.match(await docs.locator('.value-b').innerText(), /refund-policy-2025/);
  assert.equal(await view.locator('.compare-details tr[data-key]').count(), 1, 'only the changed attribute is listed');
  await s.screenshot('compare-traces');

  // The one-sided row's attributes are all "added" (B has them, A does not).
  await cite.click();
  await view.locator('.compare-details tr.change-added[data-key="citation.check.passed"]').waitFor({ state: 'visible', timeout: 10_000 });
});

test('swap and differences only; back returns to trace A at the selected span', async () => {
  await view.locator('vscode-toolbar-button.swap').click();
  await view.locator(`.compare-side[data-side="A"][data-trace-id="${good.traceId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  const cite = compareRow('tool.citation_check');
  await cite.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal((await cite.locator('.badge.only').innerText()).trim(), 'only in A');

  await view.locator('vscode-toolbar-button.differences-only').click();
  await waitFor(async () => (await view.locator('.compare-rows .compare-row').count()) === 2);
  assert.deepEqual(await view.locator('.compare-rows .compare-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))),
    ['refund.answer', 'tool.citation_check'], 'the differing row with its parent');

  await cite.click();
  await view.locator('vscode-toolbar-button.back').click();
  const selected = view.locator(`.span-tree .tree-row.selected[data-span-id="${good.ids.cite}"]`);
  await selected.waitFor({ state: 'visible', timeout: 10_000 });
});

test('an open comparison follows the store: a span arriving in B shows as a new row, the selection stays', async () => {
  // From trace A (the good run, where the previous test went back to): compare with the bad run.
  await view.locator('vscode-toolbar-button.compare-with').click();
  const pick = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: bad.traceId }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  await pick.click();
  await view.locator(`.compare-side[data-side="B"][data-trace-id="${bad.traceId}"]`).waitFor({ state: 'visible', timeout: 15_000 });
  const retrieve = compareRow('retrieve.policies');
  await retrieve.click();
  const docs = view.locator('.compare-details tr[data-key="gen_ai.retrieval.documents"]');
  await docs.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await compareRow('tool.escalation_check').count(), 0);

  assert.equal((await s.postOtlp(lateChildSpan(bad, 'tool.escalation_check'))).status, 200);
  const late = compareRow('tool.escalation_check');
  await late.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await late.getAttribute('data-side'), 'b');
  assert.equal((await late.locator('.badge.only').innerText()).trim(), 'only in B');
  await waitFor(async () => /9 aligned spans · 1 only in A · 1 only in B/.test(await view.locator('.compare-counts').innerText()));
  assert.equal(await retrieve.getAttribute('aria-selected'), 'true', 'the selected row stays selected');
  assert.equal(await docs.count(), 1, 'with its attribute diff');
});

