// UI test in a real workbench: a span that carried an API key shows the redaction mark in the tree and
// the details, the warning appears at once, "Show Spans" opens the span, and the raw key is nowhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, type VscodeSession } from './harness';
import { sampleTrace, type SampleTrace } from '../vscode/sample-trace';

const KEY = 'sk-proj-Ui12Xy34Zw56Vu78Ts90Rq12Po34';

let s: VscodeSession;
let view: FrameLocator;
let trace: SampleTrace;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  trace = sampleTrace({ rootName: 'ui-redacted-run', llmText: `please use ${KEY}` });
  assert.equal((await s.postOtlp(trace.body)).status, 200);
});

after(async () => {
  await s?.close();
});

test('a secret raises a warning at once; the list, tree and details mark the span without the value', async () => {
  const toast = await s.waitForNotification(/rule openai-key/, 20_000);
  assert.match(toast, /OpenAI API key/);
  assert.match(toast, /Show Spans/);
  assert.match(toast, /Turn Off for This Rule/);

  const row = view.locator(`.trace-row[data-trace-id="${trace.traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal((await row.locator('.redactions').innerText()).trim(), '1');

  // "Show Spans" opens the trace at the span the key was in.
  await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'rule openai-key' })
    .getByRole('button', { name: 'Show Spans' }).click();
  await view.locator(`.details[data-span-id="${trace.llmSpanId}"]`).waitFor({ state: 'visible', timeout: 15_000 });
  const marked = view.locator('.span-tree .tree-row .redacted-mark');
  assert.equal(await marked.count(), 1);
  assert.equal(await view.locator(`.tree-row[data-span-id="${trace.llmSpanId}"] .redacted-mark`).getAttribute('title'),
    'Redacted at ingest: openai-key');
  assert.match(await view.locator('.redaction-box').innerText(), /Redacted at ingest: 1 value by openai-key/);
  const everything = await view.locator('body').innerText();
  assert.ok(!everything.includes(KEY), 'the key is nowhere in the panel');
  await s.screenshot('redaction-span');
});

test('"Turn Off for This Rule" turns the rule off for the spans that arrive next', async () => {
  const aws = 'AKIAZ7QXW3RT5YUP2LMN';
  const first = sampleTrace({ rootName: 'ui-aws-first', llmText: `creds ${aws}` });
  assert.equal((await s.postOtlp(first.body)).status, 200);
  await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'rule aws-key' })
    .getByRole('button', { name: 'Turn Off for This Rule' }).click();
  // The setting lands asynchronously: post until a new trace keeps the key (it is stored as sent).
  const deadline = Date.now() + 20_000;
  let kept: SampleTrace | null = null;
  while (!kept && Date.now() < deadline) {
    const probe = sampleTrace({ rootName: 'ui-aws-after', llmText: `creds ${aws}` });
    assert.equal((await s.postOtlp(probe.body)).status, 200);
    const row = view.locator(`.trace-row[data-trace-id="${probe.traceId}"]`);
    const back = view.locator('vscode-toolbar-button.back');
    if (await back.count()) await back.click();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    if ((await row.locator('.redactions').count()) === 0) kept = probe;
  }
  assert.ok(kept, 'a trace posted after turning the rule off keeps the AWS key');
  const firstRow = view.locator(`.trace-row[data-trace-id="${first.traceId}"]`);
  assert.equal((await firstRow.locator('.redactions').innerText()).trim(), '1', 'the earlier trace stays redacted');
});
