// UI test of the Replay tab in a real workbench: "Replay…" on a model call's tree row opens the call as recorded
// (with its marks), the system instructions are edited, Run asks to confirm the endpoint and for the key (the real
// dialogs), the answer from a fake OpenAI server streams in with its comparison against the original, and the
// request the server received carries the edited system text. Then a 429 shows as a rate limit with its
// Retry-After, a tool call in the answer is shown (not executed), Stop ends a hanging run, Run ×3 shows the spread, "Open Replay Trace" opens the stored run, and a 200-message span's tab
// opens from the details header (its open time is printed, not asserted); from the palette, "Use Prompt File…" puts
// the workspace's prompt version into the system instructions and the run sends it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startFakeProvider, type FakeProvider } from '../unit/core/replay/fake-providers';
import { launchVscode, waitFor, type VscodeSession } from './harness';

const KEY = `sk-ui-${randomBytes(12).toString('hex')}`;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

interface LlmSpan {
  traceId: string;
  spanId: string;
  body: object;
}

function llmTrace(name: string, messages: Array<{ role: string; text: string }>, extra: Record<string, string> = {}): LlmSpan {
  const traceId = hex(16);
  const spanId = hex(8);
  const attrs: Record<string, string | number> = {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0.2, 'gen_ai.usage.input_tokens': 30, 'gen_ai.usage.output_tokens': 3,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a weather bot.' }]),
    'gen_ai.input.messages': JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.text }] }))),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'stop' }]),
    ...extra,
  };
  const now = BigInt(Date.now()) * 1_000_000n;
  const rootId = hex(8);
  const span = (id: string, spanName: string, parent: string | null, attributes: object[], kind: number) => ({
    traceId, spanId: id, ...(parent ? { parentSpanId: parent } : {}), name: spanName, kind,
    startTimeUnixNano: String(now), endTimeUnixNano: String(now + 900_000_000n), attributes, status: { code: 0 },
  });
  const llmAttributes = Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v } }));
  return {
    traceId, spanId,
    body: {
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'replay-ui' } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans: [span(rootId, name, null, [], 1), span(spanId, 'chat gpt-4o-mini', rootId, llmAttributes, 3)] }],
      }],
    },
  };
}

let s: VscodeSession;
let fake: FakeProvider;
let side: FrameLocator;
const weather = llmTrace('weather.agent', [{ role: 'user', text: 'Weather in Paris? Reply to [REDACTED:email].' }]);
// Names the fixture workspace's prompt refund-answer v1 (prompts/refund-answer/v1.md).
const prompted = llmTrace('refund.agent', [{ role: 'user', text: 'Can I return shoes?' }], { 'gen_ai.prompt.name': 'refund-answer', 'gen_ai.prompt.version': 'v1' });
const long = llmTrace('long.agent', Array.from({ length: 200 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', text: `Turn ${i}: what about city ${i}?` })));

before(async () => {
  fake = await startFakeProvider('openai', [{ kind: 'answer', text: 'Replayed: sunny in Paris.' }]);
  s = await launchVscode({ viewport: { width: 1600, height: 1000 }, settings: { 'agentTraceLens.replay.baseUrls': { openai: fake.baseUrl } } });
  await s.waitForReceiver();
  assert.equal((await s.postOtlp(weather.body)).status, 200);
  assert.equal((await s.postOtlp(long.body)).status, 200);
  assert.equal((await s.postOtlp(prompted.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  side = await s.webview({ contains: 'atl-app' });
});

after(async () => {
  await s?.close();
  await fake?.close();
});

async function openTrace(traceId: string): Promise<void> {
  // Editor tabs opened since may come first among the webviews: find the side bar's by its row.
  side = await s.webview({ contains: `.trace-row[data-trace-id="${traceId}"], .span-tree` });
  const back = side.locator('.trace-header vscode-toolbar-button.back');
  if ((await back.count()) > 0) await back.click();
  const row = side.locator(`.trace-row[data-trace-id="${traceId}"]`);
  await row.waitFor({ state: 'visible', timeout: 20_000 });
  await row.click();
  await side.locator('.span-tree .tree-row[data-kind="llm"]').first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function replayTab(spanName: string): Promise<FrameLocator> {
  return s.webview({ contains: `.replay-view .replay-span-name:text-is("${spanName}")` });
}

test('"Replay…" on a model call\'s row opens the call as recorded, with its marks', async () => {
  await s.widenSideBar(620);
  await openTrace(weather.traceId);
  const row = side.locator(`.span-tree .tree-row[data-span-id="${weather.spanId}"]`);
  await row.hover();
  await row.locator('.replay-action').click();
  const tab = await replayTab('chat gpt-4o-mini');
  const active = s.page.locator('.tabs-container .tab.active').first();
  assert.match(((await active.getAttribute('aria-label')) ?? '').split(',')[0]!.trim(), /^Replay: chat gpt-4o-mini$/);
  assert.equal(await tab.locator('.replay-system').inputValue(), 'You are a weather bot.');
  assert.equal(await tab.locator('.replay-model').inputValue(), 'gpt-4o-mini');
  assert.equal(await tab.locator('.replay-provider').inputValue(), 'openai');
  assert.equal(await tab.locator('[data-parameter="temperature"] input').inputValue(), '0.2');
  assert.equal(await tab.locator('.replay-message-text').first().inputValue(), 'Weather in Paris? Reply to [REDACTED:email].');
  assert.equal(await tab.locator('.replay-message[data-index="0"] .replay-mark[data-kind="redacted"]').count(), 1, 'the redacted value is marked');
  assert.match(await tab.locator('.replay-recorded-text').innerText(), /^Sunny\.$/);
  assert.equal(fake.requests.length, 0, 'opening sends nothing');
});

test('edited system instructions run against the user-settings endpoint after the confirmation and the key', async () => {
  const tab = await replayTab('chat gpt-4o-mini');
  await tab.locator('.replay-system').fill('Answer in one word.');
  await tab.locator('.replay-run-button').click();

  // The first run to this endpoint asks, naming it; then the key is asked for (kept in SecretStorage).
  const dialog = s.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await dialog.innerText(), new RegExp(`${fake.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/chat/completions`));
  await dialog.locator('.monaco-button', { hasText: 'Send' }).click();
  const keyInput = s.page.locator('.quick-input-widget input').first();
  await keyInput.waitFor({ state: 'visible', timeout: 10_000 });
  await keyInput.fill(KEY);
  await keyInput.press('Enter');

  const run = tab.locator('.replay-run.ok[data-run="1"]');
  await run.waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await run.locator('.replay-answer').innerText(), 'Replayed: sunny in Paris.');
  assert.equal(await run.getAttribute('data-chunks'), '2', 'the answer came in as the server streamed it (two pieces)');
  const diff = run.locator('.replay-comparison .replay-diff');
  assert.match(await diff.locator('ins.diff-added').first().innerText(), /Replayed/);
  assert.match(await diff.locator('del.diff-removed').first().innerText(), /Sunny/);
  assert.match(await run.locator('.replay-figures').innerText(), /output tokens\s+3 → 8 \(\+5\)/);
  assert.match(await run.locator('.replay-figures').innerText(), /finish reason\s+stop → stop/);

  assert.equal(fake.requests.length, 1);
  const body = fake.requests[0]!.body as { messages: Array<{ role: string; content: string }>; temperature: number };
  assert.deepEqual(body.messages[0], { role: 'system', content: 'Answer in one word.' });
  assert.equal(body.messages[1]!.content, 'Weather in Paris? Reply to [REDACTED:email].');
  assert.equal(body.temperature, 0.2);
  assert.equal(fake.requests[0]!.headers.authorization, `Bearer ${KEY}`);
  await s.screenshot('replay-tab');
});

test('a 429 shows as a rate limit with its Retry-After; a tool call is shown, not run; Stop; Run ×3 shows the spread; the replay trace opens', async () => {
  const tab = await replayTab('chat gpt-4o-mini');
  fake.script = [{ kind: 'status', status: 429, headers: { 'retry-after': '20' }, body: '{"error":{"message":"slow down"}}' }];
  await tab.locator('.replay-run-button').click();
  const failed = tab.locator('.replay-run.failed[data-run="1"] .replay-error[data-kind="rate-limit"]');
  await failed.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await failed.innerText(), /Rate limited · HTTP 429 · retry after 20 s/);
  assert.match(await failed.innerText(), /slow down/);
  assert.equal(await s.page.locator('.monaco-dialog-box').count(), 0, 'the endpoint is confirmed once');

  fake.script = [{ kind: 'answer', text: '', toolCall: { id: 'call_1', name: 'lookup_weather', arguments: '{"city":"Paris"}' } }];
  await tab.locator('.replay-run-button').click();
  const call = tab.locator('.replay-run.ok[data-run="1"] .replay-tool-calls .tool-call');
  await call.waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await call.innerText(), /lookup_weather[\s\S]*\(not executed\)[\s\S]*"city":"Paris"/);

  fake.script = [{ kind: 'hang' }];
  await tab.locator('.replay-run-button').click();
  await tab.locator('.replay-stop').click();
  const stopped = tab.locator('.replay-run.failed[data-run="1"] .replay-error');
  await stopped.waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await stopped.locator('strong').innerText(), 'Stopped');
  assert.match(await stopped.innerText(), /was cancelled/);

  fake.script = [{ kind: 'answer', text: 'Sunny.' }];
  await tab.locator('.replay-runs-wanted').fill('3');
  await tab.locator('.replay-runs-wanted').dispatchEvent('change');
  await tab.locator('.replay-run-many').click();
  const spread = tab.locator('.replay-spread');
  await spread.waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await tab.locator('.replay-run.ok').count(), 3);
  assert.equal(await spread.locator('.replay-distinct').innerText(), '1');
  assert.equal(fake.requests.length, 7);
  assert.equal(await tab.locator('.replay-run[data-run="1"] .replay-comparison .muted').first().innerText(), 'Same answer as the original.');

  await tab.locator('.replay-run[data-run="3"] .open-replay-trace').click();
  const traceTab = await s.webview({ contains: '.trace-table .tree-row.selected[data-kind="llm"]', timeoutMs: 20_000 });
  assert.match(await traceTab.locator('.trace-table').innerText(), /chat gpt-4o-mini/);
});

test('a 200-message call opens from the details header', async () => {
  await openTrace(long.traceId);
  await side.locator(`.span-tree .tree-row[data-span-id="${long.spanId}"]`).click();
  const replay = side.locator('.details-pane vscode-button.replay-span');
  await replay.waitFor({ state: 'visible', timeout: 10_000 });
  const clickedAt = Date.now();
  await replay.click();
  const tab = await s.webview({ contains: '.replay-view .replay-message[data-index="199"]', timeoutMs: 20_000 });
  const shownAfterMs = Date.now() - clickedAt;
  assert.equal(await tab.locator('.replay-message').count(), 200);
  await waitFor(async () => (await tab.locator('.replay-view[data-open-ms]').count()) === 1);
  const openMs = await tab.locator('.replay-view').getAttribute('data-open-ms');
  console.log(`[replay] 200-message span: the page showed the call ${openMs} ms after its route was entered (setup request + render); `
    + `click to the 200th message found by the test: ${shownAfterMs} ms (tab creation and webview boot included, polled every 250 ms)`);
});

test('the palette opens the current trace\'s model call; "Use Prompt File…" puts the prompt version into the fields', async () => {
  await openTrace(prompted.traceId);
  await s.runCommand('Agent Trace Lens: Replay Model Call…');
  // Other Replay tabs stay loaded in the background: find this span's by the trace id in its header.
  const tab = await s.webview({ contains: `.replay-header:has-text("${prompted.traceId}")`, timeoutMs: 20_000 });
  assert.equal(await tab.locator('.replay-message-text').first().inputValue(), 'Can I return shoes?');
  await tab.locator('.replay-use-prompt').click();
  const version = s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'refund-answer' }).first();
  await version.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await version.innerText(), /the trace's version/);
  await version.click();
  await waitFor(async () => (await tab.locator('.replay-system').inputValue()).startsWith('You are a support agent.'));
  assert.match(await tab.locator('.replay-prompt-note').innerText(), /refund-answer v1/);
  const before = fake.requests.length;
  await tab.locator('.replay-run-button').click();
  await tab.locator('.replay-run.ok[data-run="1"]').waitFor({ state: 'visible', timeout: 20_000 });
  const body = fake.requests[before]!.body as { messages: Array<{ role: string; content: string }> };
  assert.match(body.messages[0]!.content, /^You are a support agent\. Answer refund questions in two sentences\.\nQuote the refund policy section you rely on\./);
  assert.equal(body.messages[0]!.role, 'system');
});
