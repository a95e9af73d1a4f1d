// UI test: the panel at the default side bar width (300 px) and in an editor tab beside a wide side bar. Every
// view is rendered and photographed (test-artifacts/width-*.png); the test fails when text a user needs to tell
// rows apart (a list row's root name, a span name in the tree or table, a ghost row's text) is cut to nothing,
// when the filter's placeholder is cut, or when a table column can neither be seen nor scrolled to.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { fixturesDir, launchVscode, waitFor, type VscodeSession } from './harness';
import { clipped, columnReach, placeholderFit, textFits } from './fit';
import { refundTrace, type RefundTrace } from './refund-trace';

/** Leading characters of a name that must be visible: enough to tell "retrieve.policies" from "rerank". */
const NAME_CHARS = 6;
const SIDE_BAR = 300;

let s: VscodeSession;
let view: FrameLocator;
let template: string;
let bad: RefundTrace;
let good: RefundTrace;
let cheap: { traceId: string; body: object };
let pending: { traceId: string; body: object };

type Value = string | number | boolean;
const attrs = (a: Record<string, Value>) => Object.entries(a).map(([key, v]) => ({
  key, value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v }
    : Number.isInteger(v) ? { intValue: v } : { doubleValue: v },
}));

/** spans: [id, parent id (null: a root), name, attributes]; ids are replaced by random ones. */
function otlp(service: string, spans: Array<[string, string | null, string, Record<string, Value>]>): { traceId: string; body: object } {
  const traceId = randomBytes(16).toString('hex');
  const ids = new Map(spans.map(([id]) => [id, randomBytes(8).toString('hex')]));
  const t0 = BigInt(Date.now() - 3_000) * 1_000_000n;
  const at = (ms: number) => (t0 + BigInt(ms) * 1_000_000n).toString();
  return {
    traceId,
    body: {
      resourceSpans: [{
        resource: { attributes: attrs({ 'service.name': service }) },
        scopeSpans: [{ scope: { name: 'ui-test' }, spans: spans.map(([id, parent, name, a], i) => ({
          traceId, spanId: ids.get(id), ...(parent ? { parentSpanId: ids.get(parent) ?? randomBytes(8).toString('hex') } : {}),
          name, kind: 1, startTimeUnixNano: at(i * 10), endTimeUnixNano: at(900 - i * 10), attributes: attrs(a), status: { code: 0 },
        })) }],
      }],
    },
  };
}

before(async () => {
  // The refund contract: one error rule (the citation check) and one warning rule (a second judge).
  template = mkdtempSync(join(tmpdir(), 'atl-widths-ws-'));
  cpSync(join(fixturesDir, 'workspace'), template, { recursive: true });
  writeFileSync(join(template, 'trace-contracts.json'), JSON.stringify({
    version: 1,
    contracts: [{ id: 'refund.v1', select: { workload: 'refund-bot' }, rules: [
      { id: 'cite-present', type: 'span', severity: 'error', match: { name: 'tool.citation_check', kind: 'tool' }, parent: { name: 'refund.answer' } },
      { id: 'two-judges', type: 'span', severity: 'warning', match: { kind: 'evaluator' }, min: 2 },
    ] }],
  }, null, 2));
  s = await launchVscode({ workspaceTemplate: template, viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  good = refundTrace({ promptVersion: 'v2', judgeScore: 0.9 });
  bad = refundTrace({ skipCitationCheck: true, promptVersion: 'v1', judgeScore: 0.4 });
  cheap = otlp('support-bot', [
    ['root', null, 'support.turn.handle_response_with_tools', {}],
    ['llm', 'root', 'llm.answer', {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-haiku-4-5', 'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3, 'gen_ai.usage.cost': 0.00004,
    }],
  ]);
  // A trace whose root has not arrived: its spans point at a parent the store has never seen.
  pending = otlp('support-bot', [['step', 'missing-root', 'pending.child.step', {}], ['leaf', 'step', 'pending.leaf', {}]]);
  for (const t of [good, bad, cheap, pending]) assert.equal((await s.postOtlp(t.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  await view.locator(`.trace-row[data-trace-id="${bad.traceId}"] .badge.error`).waitFor({ state: 'visible', timeout: 30_000 });
  await setSideBar(SIDE_BAR);
  const width = await view.locator('body').evaluate((b) => b.clientWidth);
  assert.ok(width <= SIDE_BAR + 10 && width >= SIDE_BAR - 30, `the panel is about ${SIDE_BAR} px wide (${width})`);
});

after(async () => {
  await s?.close();
  if (template) rmSync(template, { recursive: true, force: true });
});

/** The side bar to `width` px (no drag when it is that wide already). */
async function setSideBar(width: number): Promise<void> {
  const box = await s.page.locator('.part.sidebar').first().boundingBox();
  if (box && Math.abs(box.width - width) <= 3) return;
  await s.widenSideBar(width);
}

const row = (traceId: string) => view.locator(`.trace-row[data-trace-id="${traceId}"]`);

/** Back to the trace list from wherever the previous test left the side bar. */
async function showList(): Promise<void> {
  const list = row(bad.traceId);
  for (let i = 0; i < 4 && !(await list.isVisible()); i++) {
    const back = view.locator('vscode-toolbar-button.back, vscode-toolbar-button.show-traces').first();
    if (await back.count()) await back.click();
    await waitFor(async () => (await list.isVisible()) || (await back.count()) > 0, 10_000);
  }
  await list.waitFor({ state: 'visible', timeout: 10_000 });
}

async function assertVisible(frame: FrameLocator, selector: string, chars: number, what: string, atLeast = 1): Promise<void> {
  const fits = await textFits(frame, selector, chars);
  assert.ok(fits.length >= atLeast, `${what}: ${fits.length} found (${selector})`);
  assert.deepEqual(clipped(fits), [], `${what}: cut to less than its first ${chars} characters`);
}

test('the list at a 300 px side bar: every root name shows beside two badges; wording, small costs, in-progress mark', async () => {
  for (const t of [good, bad, cheap, pending]) await row(t.traceId).waitFor({ state: 'visible', timeout: 20_000 });
  // Two badges: the contract verdict and the judge's score.
  await row(bad.traceId).locator('.badge', { hasText: 'answer_quality' }).waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await row(bad.traceId).locator('.line1 .badge').count(), 2);
  await s.page.mouse.move(1000, 450); // off the rows: no hover actions over the names
  await s.screenshot('width-300-list');
  await assertVisible(view, '.trace-list .trace-row .root-name', NAME_CHARS, 'list root names', 4);

  const placeholder = await placeholderFit(view, 'vscode-textfield.filter-box');
  assert.ok(placeholder.need <= placeholder.have + 0.5, `the filter's placeholder "${placeholder.placeholder}" fits (${placeholder.need.toFixed(0)} px in ${placeholder.have.toFixed(0)})`);

  // Errors and warnings read differently.
  assert.equal((await row(bad.traceId).locator('.badge.error').getAttribute('title'))?.includes('cite-present'), true);
  assert.match((await row(bad.traceId).locator('.badge.error').textContent()) ?? '', /^1 rule failed, 1 warning$/);
  assert.equal(((await row(good.traceId).locator('.badge.warning').textContent()) ?? '').trim(), '1 warning');
  // A call that cost $0.00004 says so.
  assert.match(await row(cheap.traceId).locator('.line2').innerText(), /\$0\.00004\b/);
  // The trace without its root: marked, and the tooltip says why.
  const mark = row(pending.traceId).locator('.in-progress');
  assert.equal(await mark.count(), 1, 'the in-progress mark');
  assert.match((await mark.getAttribute('title')) ?? '', /root span has not arrived/);
  assert.equal(await row(good.traceId).locator('.in-progress').count(), 0, 'a complete trace has no mark');
});

test('a trace at a 300 px side bar: span names and the ghost row keep their text; waterfall and details show', async () => {
  await row(bad.traceId).click();
  const ghost = view.locator('.span-tree .tree-row.ghost');
  await ghost.first().waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator(`.tree-row[data-span-id="${bad.ids.generate}"]`).click();
  await view.locator(`.details[data-span-id="${bad.ids.generate}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await s.page.mouse.move(1000, 450);
  await s.screenshot('width-300-trace');
  await assertVisible(view, '.span-tree .tree-row:not(.ghost) .name', NAME_CHARS, 'tree span names', 7);
  // The ghost says what is missing: "missing: tool.citation_check" in full.
  await assertVisible(view, '.span-tree .tree-row.ghost .name', 'missing: tool.citation_check'.length, 'the ghost row');
  assert.equal((await view.locator('.span-tree .tree-row.ghost .name').first().textContent())?.trim(), 'missing: tool.citation_check');
  const bar = await view.locator(`.tree-row[data-span-id="${bad.ids.generate}"] .bar`).boundingBox();
  assert.ok(bar && bar.width > 10, 'the waterfall bar is drawn');
  await assertVisible(view, '.details-title .span-name', NAME_CHARS, 'the details title');
  await view.locator('vscode-toolbar-button.back').click();
});

test('sessions at a 300 px side bar: names show, the transcript labels arguments and results', async () => {
  await showList();
  await view.locator('vscode-toolbar-button.show-sessions').click();
  const session = view.locator('.session-row[data-session-id="conv-0042"]');
  await session.waitFor({ state: 'visible', timeout: 20_000 });
  await s.screenshot('width-300-sessions');
  await assertVisible(view, '.session-row .root-name', NAME_CHARS, 'session names');
  await session.click();
  const tool = view.locator('.session-turn .turn-tool').first();
  await tool.waitFor({ state: 'visible', timeout: 10_000 });
  assert.deepEqual((await tool.locator('.box-label').allInnerTexts()).map((t) => t.trim()), ['Arguments', 'Result']);
  await s.screenshot('width-300-session');
  await assertVisible(view, '.session-turn .turn-head .root-name', NAME_CHARS, 'turn names', 2);
  await view.locator('vscode-toolbar-button.back').click();
  await view.locator('vscode-toolbar-button.show-traces').click();
  await row(bad.traceId).waitFor({ state: 'visible', timeout: 10_000 });
});

test('the Prompts table at a 300 px side bar: columns dropped by priority, the rest within reach', async () => {
  await showList();
  await view.locator('vscode-toolbar-button.show-prompts').click();
  const table = '.prompt-card[data-prompt="refund-answer"] table.prompt-versions';
  await view.locator(`${table} .prompt-version[data-version="v1"]`).waitFor({ state: 'visible', timeout: 20_000 });
  await s.screenshot('width-300-prompts');
  const columns = await columnReach(view, table);
  assert.deepEqual(columns.filter((c) => c.shown && !c.reachable).map((c) => c.header), [], 'columns past the edge with no way to scroll to them');
  const shown = columns.filter((c) => c.shown).map((c) => c.header);
  assert.deepEqual(shown.slice(0, 3), ['version', 'runs', 'pass'], `the most important columns stay: ${shown.join(', ')}`);
  assert.ok(!shown.includes('first – last seen'), 'first and last seen are dropped first');
  const note = await view.locator('.prompt-card[data-prompt="refund-answer"] .table-scroll').getAttribute('data-dropped-note');
  assert.match(note ?? '', /^Widen the panel for: .*first – last seen$/, 'the table says what it left out');
  await assertVisible(view, `${table} .prompt-version td.col-version`, 2, 'version labels', 2);
  assert.equal(await view.locator(`${table} vscode-button.latest-run`).first().isVisible(), true, '"Latest run" stays');
  await view.locator('.prompts-view vscode-toolbar-button.back').click();
  await row(bad.traceId).waitFor({ state: 'visible', timeout: 10_000 });
});

test('compare at a 300 px side bar: span names show on every row', async () => {
  await showList();
  await row(bad.traceId).click();
  await view.locator('.span-tree .tree-row').first().waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator('vscode-toolbar-button.compare-with').click();
  const pick = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: good.traceId }).first();
  await pick.waitFor({ state: 'visible', timeout: 10_000 });
  await pick.click();
  await view.locator('.compare-rows .compare-row[data-name="tool.citation_check"]').waitFor({ state: 'visible', timeout: 15_000 });
  await s.page.mouse.move(1000, 450);
  await s.screenshot('width-300-compare');
  await assertVisible(view, '.compare-rows .compare-row .name', NAME_CHARS, 'compared span names', 8);
});

test('an editor tab beside a wide side bar: span names, the model and the column headers are readable', async () => {
  await setSideBar(700);
  await showList();
  const first = row(bad.traceId);
  await first.hover();
  await first.locator('.open-in-editor').click();
  const tab = await s.webview({ contains: '.trace-table .tree-row' });
  await tab.locator(`.tree-row[data-span-id="${bad.ids.generate}"]`).click();
  await tab.locator(`.details[data-span-id="${bad.ids.generate}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  const tableWidth = await tab.locator('.trace-table .table-header .cells').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(tableWidth < 420, `a narrow span table (${tableWidth.toFixed(0)} px) next to a ${700} px side bar`);
  await s.page.mouse.move(700, 880);
  await s.screenshot('width-tab-beside-wide-side-bar');
  await assertVisible(tab, '.trace-table .span-tree .tree-row:not(.ghost) .name', 12, 'span names in the table', 7);
  // The model is either shown readably or left out; never "g…".
  const models = (await textFits(tab, '.trace-table .span-tree .tree-row .model', 6)).filter((m) => !m.hidden);
  assert.deepEqual(clipped(models), [], 'model names shown are readable');
  const headers = await textFits(tab, '.trace-table .table-header [role="columnheader"]:not(atl-time-axis)', 20);
  assert.deepEqual(headers.filter((h) => !h.hidden && !h.whole).map((h) => h.text), [], 'column headers shown in full');

  // The side bar back to 300 px: the tab is wider, and dragging the sash out brings every column back.
  await setSideBar(SIDE_BAR);
  const table = tab.locator('.trace-table');
  const sash = tab.locator('.trace-table .column-sash');
  const sashBox = (await sash.boundingBox())!;
  await s.page.mouse.move(sashBox.x + sashBox.width / 2, sashBox.y + 40);
  await s.page.mouse.down();
  await s.page.mouse.move(sashBox.x + 300, sashBox.y + 40, { steps: 8 });
  await s.page.mouse.up();
  await waitFor(async () => ((await table.getAttribute('data-dropped')) ?? 'x') === '', 10_000);
  const wide = await textFits(tab, '.trace-table .table-header [role="columnheader"]:not(atl-time-axis)', 20);
  assert.deepEqual(wide.filter((h) => h.hidden || !h.whole).map((h) => h.text), [], 'every column header shown in full');
  assert.deepEqual(wide.map((h) => h.text), ['Span', 'Duration', 'Tokens', 'Cost', 'Status']);
  await assertVisible(tab, '.trace-table .span-tree .tree-row:not(.ghost) .name', 12, 'span names in the wide table', 7);
  // A call's cost below a cent keeps its digits ("$0.00041"), in full.
  const costs = (await textFits(tab, '.trace-table .span-tree .col-cost', 12)).filter((c) => c.text !== '');
  assert.ok(costs.length >= 3, `costs shown: ${costs.map((c) => c.text).join(', ')}`);
  assert.deepEqual(costs.filter((c) => !c.whole || !/^\$0\.0*[1-9]\d?$/.test(c.text)).map((c) => c.text), [], 'every cost readable, to two significant digits');
  await s.page.mouse.move(700, 880);
  await s.screenshot('width-tab-wide-table');

  // The dragged width is kept in the tab's webview state: it is back after a window reload.
  const dragged = await table.evaluate((el) => (el as HTMLElement).style.getPropertyValue('--table-width'));
  assert.match(dragged, /^\d+px$/, `the table has the dragged width (${dragged})`);
  await s.runCommand('Developer: Reload Window');
  await s.page.waitForEvent('load', { timeout: 30_000 }).catch(() => undefined);
  await s.waitForWorkbench();
  const tabTitle = s.page.locator('.tabs-container .tab').filter({ hasText: 'refund.answer ·' }).first();
  await tabTitle.waitFor({ state: 'visible', timeout: 30_000 });
  await tabTitle.click();
  const reloaded = await s.webview({ contains: '.trace-table .tree-row', timeoutMs: 60_000 });
  const after = await reloaded.locator('.trace-table').evaluate((el) => (el as HTMLElement).style.getPropertyValue('--table-width'));
  assert.equal(after, dragged, 'the span column keeps its width across a reload');
});
