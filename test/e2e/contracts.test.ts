// UI test of span contracts in a real workbench: a refund trace without tool.citation_check, "Check Span
// Contracts" run from the command palette, the badge in the trace list and the ghost row in the tree.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { fixturesDir, launchVscode, type VscodeSession } from './harness';
import { refundTrace, type RefundTrace } from './refund-trace';

let s: VscodeSession;
let view: FrameLocator;
let template: string;
let trace: RefundTrace;

before(async () => {
  // The fixture workspace plus the refund contract as its trace-contracts.json.
  template = mkdtempSync(join(tmpdir(), 'atl-contracts-ws-'));
  cpSync(join(fixturesDir, 'workspace'), template, { recursive: true });
  const contract = JSON.parse(readFileSync(join(fixturesDir, 'contracts', 'refund.contracts.json'), 'utf8')) as Record<string, unknown>;
  delete contract.$schema;
  writeFileSync(join(template, 'trace-contracts.json'), `${JSON.stringify(contract, null, 2)}\n`);
  // A long quiet period: the trace is not checked live, so the verdict shown comes from the palette run.
  s = await launchVscode({
    workspaceTemplate: template,
    viewport: { width: 1400, height: 900 },
    settings: { 'agentTraceLens.contracts.quietPeriodMs': 600_000 },
  });
  await s.waitForReceiver();
  trace = refundTrace({ skipCitationCheck: true });
  assert.equal((await s.postOtlp(trace.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
  if (template) rmSync(template, { recursive: true, force: true });
});

test('"Check Span Contracts" from the palette marks the trace and shows the missing span as a ghost row', async () => {
  const row = view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await row.locator('.badge').count(), 0, 'not checked yet (quiet period)');

  await s.runCommand('Agent Trace Lens: Check Span Contracts');
  const all = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'All stored traces' }).first();
  await all.waitFor({ state: 'visible', timeout: 10_000 });
  await all.click();
  await s.waitForNotification(/Span contracts:/, 30_000);

  const badge = row.locator('.badge.error');
  await badge.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await badge.innerText(), /^\d+ rules? failed$/);
  assert.match((await badge.getAttribute('title')) ?? '', /refund\.v1\/cite-present/);

  await row.click();
  const ghost = view.locator('.span-tree .tree-row.ghost');
  await ghost.first().waitFor({ state: 'visible', timeout: 10_000 });
  const labels = await ghost.allInnerTexts();
  assert.ok(
    // What is missing and why are two boxes (the reason gives way first in a narrow pane).
    labels.some((l) => /missing: tool\.citation_check\s+— required by refund\.v1\/cite-present/.test(l)),
    `ghost rows: ${JSON.stringify(labels)}`,
  );
  // The ghost hangs under the root (depth 2) where the span belongs: after llm.generate's subtree, before judge.answer.
  assert.equal(await ghost.first().getAttribute('aria-level'), '2');
  const order = await view.locator('.span-tree .tree-row').evaluateAll((rows) =>
    rows.map((r) => (r.classList.contains('ghost') ? 'ghost' : (r.getAttribute('data-span-id') ?? '?'))));
  const { generate, lookup, judge } = trace.ids;
  const at = order.indexOf('ghost');
  assert.deepEqual(order.slice(at - 2, at + 2), [generate, lookup, 'ghost', judge], `tree rows: ${JSON.stringify(order)}`);
  await s.widenSideBar(560);
  await s.screenshot('contracts-ghost-row');
});
