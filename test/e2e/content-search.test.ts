// UI test of "in span content" in a real workbench: the toggle on, a word typed into the filter box, the
// matching span listed under its trace with its snippet as text (hostile markup stays text), a click opening
// the trace at that span; toggling off brings the trace list back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, type VscodeSession } from './harness';
import { sampleTrace, type SampleTrace } from '../vscode/sample-trace';

let s: VscodeSession;
let view: FrameLocator;
let hostile: SampleTrace;
let plain: SampleTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  plain = sampleTrace({ rootName: 'ui-plain-run' });
  hostile = sampleTrace({ rootName: 'ui-hostile-run', hostile: true });
  assert.equal((await s.postOtlp(plain.body)).status, 200);
  assert.equal((await s.postOtlp(hostile.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
});

test('typing a word with "in span content" on lists the matching span under its trace; a click opens it there', async () => {
  await view.locator(`.trace-row[data-trace-id="${hostile.traceId}"]`).waitFor({ state: 'visible', timeout: 20_000 });
  await view.locator('vscode-toolbar-button.in-content').click();
  // "onerror" appears only inside the hostile span's attribute value (never in a name).
  await view.locator('vscode-textfield.filter-box input').fill('ONERROR');

  const match = view.locator(`.content-match[data-trace-id="${hostile.traceId}"][data-span-id="${hostile.llmSpanId}"]`);
  await match.waitFor({ state: 'visible', timeout: 20_000 });
  await view.locator('.content-progress .progress-text', { hasText: /^1 match · .+ searched$/ }).waitFor({ timeout: 20_000 });
  assert.equal(await view.locator('.content-match').count(), 1);
  assert.match(await view.locator(`.content-group[data-trace-id="${hostile.traceId}"] .content-trace`).innerText(), /ui-hostile-run/);
  assert.equal((await match.locator('.span-name').innerText()).trim(), 'chat gpt-test-mini');
  const snippet = await match.locator('.snippet').innerText();
  assert.match(snippet, /<img src=x onerror=/i, 'the markup in the span content is shown as text');
  assert.equal((await match.locator('.snippet mark').innerText()).toLowerCase(), 'onerror');
  assert.equal(await view.locator('img').count(), 0, 'no <img> element was created from span content');
  assert.equal(await view.locator('body').evaluate(() => (globalThis as unknown as { __atlXss?: number }).__atlXss), undefined);
  await s.screenshot('panel-content-search');

  await match.click();
  await view.locator(`.tree-row.selected[data-span-id="${hostile.llmSpanId}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator(`.details[data-span-id="${hostile.llmSpanId}"]`).waitFor({ state: 'visible', timeout: 10_000 });

  // Back to the results; switching the toggle off shows the trace list filtered by the text as usual.
  await view.locator('vscode-toolbar-button.back').click();
  await match.waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator('vscode-toolbar-button.in-content').click();
  await view.locator('.trace-list').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await view.locator('.content-results').count(), 0);
});
