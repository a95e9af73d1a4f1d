// UI tests of the Agent Traces panel in a real workbench: list, tree, details, keyboard, XSS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, type VscodeSession } from './harness';
import { sampleTrace, XSS_IMG, XSS_SCRIPT, type SampleTrace } from '../vscode/sample-trace';
import { LIST_PAGE_SIZE } from '../../webview/model/filter';

let s: VscodeSession;
let view: FrameLocator;
let trace: SampleTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  trace = sampleTrace({ rootName: 'ui-weather-run' });
  assert.equal((await s.postOtlp(trace.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
});

async function openTrace(traceId: string): Promise<void> {
  const back = view.locator('vscode-toolbar-button.back');
  if (await back.count()) await back.click();
  const row = view.locator(`.trace-row[data-trace-id="${traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await view.locator('.span-tree .tree-row').first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function selectSpan(spanId: string): Promise<void> {
  await view.locator(`.tree-row[data-span-id="${spanId}"]`).click();
  await view.locator(`.details[data-span-id="${spanId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}

test('a posted trace appears live in the list with its counts', async () => {
  const row = view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  const text = await row.innerText();
  assert.match(text, /ui-weather-run/);
  assert.match(text, /3 sp/);
  assert.match(text, /59 tok/);
  assert.equal(await row.locator('.codicon-error').count(), 1, 'the failed tool span marks the trace');
  // Counts agree with their nouns: one trace, one failed span.
  const stats = view.locator('.status .stats');
  await waitForCount(async () => ((await stats.innerText()).trim() === '1 trace · 3 spans · 1 error' ? 1 : 0), 1);
  await s.screenshot('panel-trace-list');

  // A second trace posted while the panel is open shows up without a reload.
  const second = sampleTrace({ rootName: 'ui-second-run' });
  await s.postOtlp(second.body);
  await view.locator(`.trace-row[data-trace-id="${second.traceId}"]`).waitFor({ state: 'visible', timeout: 20_000 });
});

test('opening a trace shows the span tree; collapse and expand all work', async () => {
  await openTrace(trace.traceId);
  const rows = view.locator('.span-tree .tree-row');
  assert.equal(await rows.count(), 3);
  assert.deepEqual(
    await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
    ['agent', 'llm', 'tool'],
  );
  await view.locator(`.tree-row[data-span-id="${trace.rootSpanId}"] .twisty`).click();
  await waitForCount(() => rows.count(), 1);
  await view.locator('vscode-toolbar-button.expand-all').click();
  await waitForCount(() => rows.count(), 3);
  const tops = await rows.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 3, `rows are laid out one below the other (${tops})`);
  assert.equal((await view.locator('.trace-meta .error-text').innerText()).trim(), '1 error');
  assert.match(await view.locator('.trace-meta').innerText(), /\b3 spans\b/);

  // The time axis: labels inside the bar track, none overlapping, the last one the trace's duration.
  await view.locator('.time-axis .tick.end').waitFor({ state: 'visible', timeout: 5_000 });
  const track = await view.locator('.time-axis .bar-track').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, bottom: r.bottom };
  });
  const ticks = await view.locator('.time-axis .tick').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent ?? '', left: r.left, right: r.right };
  }));
  assert.ok(ticks.length >= 1, 'the axis has labels');
  for (const t of ticks) assert.ok(t.left >= track.left - 0.5 && t.right <= track.right + 0.5, `"${t.text}" (${t.left}..${t.right}) inside the track (${track.left}..${track.right})`);
  for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i - 1]!.right < ticks[i]!.left, `"${ticks[i - 1]!.text}" and "${ticks[i]!.text}" do not overlap`);
  const rootDuration = (await view.locator(`.tree-row[data-span-id="${trace.rootSpanId}"] .duration`).innerText()).trim();
  assert.equal(ticks[ticks.length - 1]!.text, rootDuration, 'the axis ends at the trace duration');
  const firstRowTop = await rows.first().evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(track.bottom <= firstRowTop + 0.5, 'the axis sits above the first row');
  await s.screenshot('panel-span-tree');
});

test('the panel triggers no CSP violations', async () => {
  assert.equal(await view.locator('body').getAttribute('data-csp-violations'), null);
});

test('clicking a span shows model and tokens in the details', async () => {
  await openTrace(trace.traceId);
  await selectSpan(trace.llmSpanId);
  const overview = view.locator('table.overview');
  await overview.waitFor({ state: 'visible' });
  const text = await overview.innerText();
  assert.match(text, /Model\s+gpt-test-mini/);
  assert.match(text, /Tokens\s+42 in · 17 out/);
  assert.match(text, /Provider\s+openai/);
  await s.screenshot('panel-span-details');
});

test('keyboard: arrows move the selection, left collapses, right expands', async () => {
  await openTrace(trace.traceId);
  await selectSpan(trace.rootSpanId);
  const tree = view.locator('.span-tree');
  await tree.focus();
  await tree.press('ArrowDown');
  await view.locator(`.details[data-span-id="${trace.llmSpanId}"]`).waitFor({ timeout: 10_000 });
  await tree.press('ArrowLeft'); // to the parent row
  await view.locator(`.tree-row.selected[data-span-id="${trace.rootSpanId}"]`).waitFor({ timeout: 5_000 });
  await tree.press('ArrowLeft'); // collapse it
  await waitForCount(() => view.locator('.span-tree .tree-row').count(), 1);
  await tree.press('ArrowRight'); // expand again
  await waitForCount(() => view.locator('.span-tree .tree-row').count(), 3);
});

test('hostile span content renders as text and nothing executes', async () => {
  const hostile = sampleTrace({ rootName: 'ui-hostile-run', hostile: true });
  assert.equal((await s.postOtlp(hostile.body)).status, 200);
  let t = Date.now();
  const lap = (what: string): void => { console.log(`  ${what}: ${Date.now() - t} ms`); t = Date.now(); };
  await openTrace(hostile.traceId);
  lap('open hostile trace');
  await selectSpan(hostile.llmSpanId);
  lap('select the span with a 1 MB attribute');
  await view.locator('vscode-tab-header[data-tab="attributes"]').click();
  const attrs = view.locator('table.attributes');
  await attrs.waitFor({ state: 'visible' });
  lap('attributes tab');

  assert.equal((await attrs.locator('tr[data-key="xss.img"] td').first().innerText()).trim(), XSS_IMG);
  assert.equal((await attrs.locator('tr[data-key="xss.script"] td').first().innerText()).trim(), XSS_SCRIPT);
  assert.equal(await view.locator('img').count(), 0, 'no <img> element was created from span text');
  assert.equal(await view.locator('body').evaluate(() => (globalThis as unknown as { __atlXss?: number }).__atlXss), undefined);

  // The 1 MB value is truncated with "show more", and the panel stays usable.
  const big = attrs.locator('tr[data-key="big.value"]');
  const shown = (await big.locator('.long-text').innerText()).length;
  assert.ok(shown < 5_000, `only a prefix is rendered (${shown} chars)`);
  await big.locator('button.show-more').click();
  await waitForCount(async () => ((await big.locator('.long-text').innerText()).length > shown ? 1 : 0), 1);
  lap('show more');
  // The long run gets break opportunities (<wbr>) so it lays out fast, but no characters are added.
  const more = await big.locator('.long-text').innerText();
  assert.match(more, /^A+$/, 'the shown text is a prefix of the value, nothing inserted');
  assert.ok(await big.locator('.long-text wbr').count() > 0, 'the unbroken run has break opportunities');
  await view.locator('vscode-tab-header[data-tab="overview"]').click();
  assert.match(await view.locator('table.overview').innerText(), /Model\s+gpt-test-mini/);
  assert.equal(await view.locator('body').evaluate(() => (globalThis as unknown as { __atlXss?: number }).__atlXss), undefined);
  await s.screenshot('panel-hostile-content');
});

test('details tabs: counts in the titles, the chosen tab stays for the next span, arrow keys and Enter switch', async () => {
  await openTrace(trace.traceId);
  await selectSpan(trace.llmSpanId);
  const attributesTab = view.locator('vscode-tab-header[data-tab="attributes"]');
  await attributesTab.click();
  const attrs = view.locator('table.attributes');
  await attrs.waitFor({ state: 'visible' });
  const rowCount = await attrs.locator('tr[data-key]').count();
  assert.ok(rowCount > 0);
  assert.equal((await attributesTab.locator('.count').innerText()).trim(), String(rowCount), 'the title counts the attributes');
  assert.equal(await view.locator('vscode-tab-header[data-tab="overview"] .count').count(), 0, 'the overview has no count');
  // Every title stays inside the pane, also in a narrow side bar (the tab strip does not wrap).
  const paneRight = await view.locator('.details-pane').evaluate((el) => el.getBoundingClientRect().right);
  const titleRights = await view.locator('vscode-tab-header').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right));
  assert.equal(titleRights.length, 5);
  for (const right of titleRights) assert.ok(right <= paneRight, `a tab title ends at ${right}, past the pane (${paneRight})`);

  // Another span opens on the same tab.
  await selectSpan(trace.rootSpanId);
  await view.locator('table.attributes tr[data-key="gen_ai.agent.name"]').waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await attributesTab.getAttribute('aria-selected'), 'true');

  // Keyboard: from the selected title, ArrowRight moves to "Events" and Enter opens it.
  await attributesTab.focus();
  await attributesTab.press('ArrowRight');
  await view.locator('vscode-tab-header[data-tab="events"]').press('Enter');
  await view.locator('vscode-tab-panel[data-tab="events"]').getByText('No events.').waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await view.locator('vscode-tab-header[data-tab="events"]').getAttribute('aria-selected'), 'true');
  assert.equal(await attrs.count(), 0, 'only the selected tab is rendered');
  await s.screenshot('panel-details-tabs');
  await view.locator('vscode-tab-header[data-tab="overview"]').click();
  await view.locator('table.overview').waitFor({ state: 'visible' });
});

test('quick filters: a menu choice narrows the list, its "all" option clears it (by keyboard too)', async () => {
  const back = view.locator('vscode-toolbar-button.back');
  if (await back.count()) await back.click();
  const other = sampleTrace({ rootName: 'ui-facet-run', service: 'ui-facet-service' });
  assert.equal((await s.postOtlp(other.body)).status, 200);
  const otherRow = view.locator(`.trace-row[data-trace-id="${other.traceId}"]`);
  const firstRow = view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await otherRow.waitFor({ state: 'visible', timeout: 20_000 });
  await firstRow.waitFor({ state: 'visible', timeout: 5_000 });

  const service = view.locator('vscode-single-select.facet[data-facet="service"]');
  await service.click();
  const option = service.locator('li.option', { hasText: 'ui-facet-service' });
  await option.waitFor({ state: 'visible', timeout: 5_000 });
  await s.screenshot('panel-quick-filter-menu');
  await option.click();
  await firstRow.waitFor({ state: 'detached', timeout: 10_000 });
  await otherRow.waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await view.locator('.trace-row').count(), 1, 'only the trace from that service');
  await s.screenshot('panel-quick-filter');

  // Keyboard: open the menu with Space, go up to "Service: all", choose it with Enter.
  await service.focus();
  await service.press('Space');
  await service.press('ArrowUp');
  await service.press('Enter');
  await firstRow.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await service.locator('.select-face').innerText(), /Service: all/);
  assert.equal(await view.locator('body').getAttribute('data-csp-violations'), null, 'the menus and tabs set no blocked style');
});

/** One OTLP request with `count` one-span traces, started an hour ago one second apart (index 0 is the oldest). */
function manyTraces(count: number): { body: object; traceIds: string[] } {
  const hourAgoMs = Date.now() - 3_600_000;
  const traceIds: string[] = [];
  const spans = Array.from({ length: count }, (_, i) => {
    const traceId = `${'c'.repeat(24)}${i.toString(16).padStart(8, '0')}`;
    traceIds.push(traceId);
    const start = BigInt(hourAgoMs + i * 1000) * 1_000_000n;
    return {
      traceId, spanId: `${'d'.repeat(8)}${i.toString(16).padStart(8, '0')}`, name: `paged-run-${i}`, kind: 1,
      startTimeUnixNano: start.toString(), endTimeUnixNano: (start + 5_000_000n).toString(), attributes: [], status: { code: 0 },
    };
  });
  const body = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'ui-paging' } }] },
      scopeSpans: [{ scope: { name: 'ui-test' }, spans }],
    }],
  };
  return { body, traceIds };
}

test('the list loads older traces page by page and keeps them loaded across live updates', async () => {
  const back = view.locator('vscode-toolbar-button.back');
  if (await back.count()) await back.click();
  // More than a page in one request, all older than the traces posted above.
  const paged = manyTraces(LIST_PAGE_SIZE + 5);
  assert.equal((await s.postOtlp(paged.body)).status, 200);
  const shown = view.locator('.list-footer .shown-count');
  const firstPage = new RegExp(`^Showing ${LIST_PAGE_SIZE.toLocaleString('en-US')} of ([\\d,]+) traces$`);
  await waitForCount(async () => (firstPage.test((await shown.innerText().catch(() => '')).trim()) ? 1 : 0), 1, 20_000);
  const total = Number(firstPage.exec((await shown.innerText()).trim())![1]!.replace(/,/g, ''));
  assert.ok(total > LIST_PAGE_SIZE, `the footer names the total (${total})`);
  const oldest = view.locator(`.trace-row[data-trace-id="${paged.traceIds[0]}"]`);

  // The scorecards say they cover only the loaded traces.
  await view.locator('vscode-toolbar-button.group-by-workload').click();
  await assertScorecardsFit();
  assert.match(await view.locator('.scorecard-scope').innerText(), new RegExp(`newest ${LIST_PAGE_SIZE.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} traces`));

  await view.locator('.trace-list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  assert.equal(await oldest.count(), 0, 'the oldest trace is not on the first page');
  await s.screenshot('panel-load-older');
  await view.locator('vscode-button.load-older').click();
  const all = `Showing ${total.toLocaleString('en-US')} traces`;
  await waitForCount(async () => ((await shown.innerText()).trim() === all ? 1 : 0), 1);
  assert.equal(await view.locator('vscode-button.load-older').count(), 0, 'nothing older left');
  assert.equal(await view.locator('.scorecard-scope').count(), 0, 'the scorecards now cover every trace');
  await view.locator('.trace-list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await oldest.waitFor({ state: 'visible', timeout: 5_000 });
  await s.screenshot('panel-older-traces-loaded');

  // A live update refetches as many pages as are loaded: the older page stays.
  const live = sampleTrace({ rootName: 'ui-after-paging' });
  await s.postOtlp(live.body);
  const allPlusOne = `Showing ${(total + 1).toLocaleString('en-US')} traces`;
  await waitForCount(async () => ((await shown.innerText()).trim() === allPlusOne ? 1 : 0), 1, 20_000);
  await oldest.waitFor({ state: 'visible', timeout: 5_000 });
  await view.locator('vscode-toolbar-button.group-by-workload').click();
});

/** The scorecard table stays inside the panel: it scrolls sideways in its own box, every column reachable, numbers on one line. */
async function assertScorecardsFit(): Promise<void> {
  const box = view.locator('.scorecards-box');
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  const fit = await box.evaluate((el) => {
    const panel = document.querySelector('.list-view')!.getBoundingClientRect();
    el.scrollLeft = el.scrollWidth;
    const b = el.getBoundingClientRect();
    const cost = el.querySelector('th:last-child')!.getBoundingClientRect();
    const numbers = [...el.querySelectorAll<HTMLElement>('td:not(:first-child)')];
    const lines = numbers.map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    });
    const result = {
      panelRight: panel.right, boxLeft: b.left, boxRight: b.right, costLeft: cost.left, costRight: cost.right,
      costText: el.querySelector('th:last-child')!.textContent,
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      maxLines: Math.max(0, ...lines),
      aligns: [...new Set(numbers.map((td) => getComputedStyle(td).textAlign))],
    };
    el.scrollLeft = 0;
    return result;
  });
  assert.ok(fit.boxRight <= fit.panelRight + 0.5, `the scorecards (right edge ${fit.boxRight}) stay inside the panel (${fit.panelRight})`);
  assert.equal(fit.pageOverflow, 0, 'the panel does not scroll sideways');
  assert.equal(fit.costText, 'Cost');
  assert.ok(fit.costLeft >= fit.boxLeft - 0.5 && fit.costRight <= fit.boxRight + 0.5, `the Cost column (${fit.costLeft}..${fit.costRight}) can be seen whole (${fit.boxLeft}..${fit.boxRight})`);
  assert.ok(fit.maxLines <= 1, `no number wraps (${fit.maxLines} lines)`);
  assert.deepEqual(fit.aligns, ['right'], 'numbers are right-aligned');
}

async function waitForCount(probe: () => Promise<number>, expected: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    last = await probe();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, expected);
}
