// UI test of sessions, cost and time in a real workbench: two turns of one conversation (the second with a
// producer-reported cost) listed as one session, read as a transcript, a turn opened as its trace; the trace's
// cost breakdown against the store's rollup and the list price arithmetic; the critical path marks the chain
// that sets the duration and leaves the parallel spans out; the model call shows its time to first token.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { launchVscode, waitFor, type VscodeSession } from './harness';

type Value = string | number | boolean;
const value = (v: Value) =>
  typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v }
    : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
const attrs = (a: Record<string, Value>) => Object.entries(a).map(([key, v]) => ({ key, value: value(v) }));
const text = (content: string) => ({ type: 'text', content });

const CONVERSATION = `conv-${randomBytes(3).toString('hex')}`;
// claude-sonnet-4-5 in the built-in table: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million tokens.
const MODEL = 'claude-sonnet-4-5';
const EXPECTED_LLM_USD = (300 * 3 + 1500 * 0.3 + 200 * 3.75 + 200 * 15 + 100 * 15) / 1e6;

interface Turn { traceId: string; ids: Record<string, string>; body: object }

/** support.turn → cache.lookup ∥ retrieve.docs, then llm.answer (∥ audit.log), then tool.search. */
function turn(startAgoMs: number, question: string, answer: string, reportedCost?: number): Turn {
  const hex = (n: number) => randomBytes(n).toString('hex');
  const traceId = hex(16);
  const ids: Record<string, string> = { root: hex(8), cache: hex(8), retrieve: hex(8), llm: hex(8), audit: hex(8), tool: hex(8) };
  const t0 = BigInt(Date.now() - startAgoMs) * 1_000_000n;
  const at = (ms: number) => (t0 + BigInt(ms) * 1_000_000n).toString();
  const span = (id: string, parent: string | null, name: string, from: number, to: number, a: Record<string, Value>) => ({
    traceId, spanId: ids[id], ...(parent ? { parentSpanId: ids[parent] } : {}), name, kind: 1,
    startTimeUnixNano: at(from), endTimeUnixNano: at(to), attributes: attrs(a), status: { code: 0 },
  });
  const spans = [
    span('root', null, 'support.turn', 0, 2000, {
      'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'gen_ai.conversation.id': CONVERSATION,
      'workload.id': 'support-bot',
    }),
    span('cache', 'root', 'cache.lookup', 10, 60, {}),
    span('retrieve', 'root', 'retrieve.docs', 10, 400, { 'gen_ai.operation.name': 'retrieval' }),
    span('llm', 'root', 'llm.answer', 400, 1400, {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': MODEL,
      'gen_ai.usage.input_tokens': 2000, 'gen_ai.usage.cache_read.input_tokens': 1500,
      'gen_ai.usage.cache_creation.input_tokens': 200, 'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.reasoning.output_tokens': 100, 'gen_ai.response.time_to_first_chunk': 0.25,
      ...(reportedCost !== undefined ? { 'gen_ai.usage.cost': reportedCost } : {}),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [text(question)] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [text(answer)], finish_reason: 'stop' }]),
    }),
    span('audit', 'root', 'audit.log', 1000, 1100, {}),
    span('tool', 'root', 'tool.search', 1400, 1900, {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search_orders',
      'gen_ai.tool.call.arguments': JSON.stringify({ order: 77 }), 'gen_ai.tool.call.result': '<b>shipped</b>',
    }),
  ];
  const body = {
    resourceSpans: [{
      resource: { attributes: attrs({ 'service.name': 'support-bot' }) },
      scopeSpans: [{ scope: { name: 'support-bot', version: '1.0.0' }, spans }],
    }],
  };
  return { traceId, ids, body };
}

let s: VscodeSession;
let view: FrameLocator;
let first: Turn;
let second: Turn;

before(async () => {
  s = await launchVscode({ viewport: { width: 1400, height: 900 } });
  await s.waitForReceiver();
  first = turn(20_000, 'Where is my order 77?', 'It ships tomorrow.');
  second = turn(10_000, 'Can I change the address?', 'Yes, until it ships.', 0.05);
  assert.equal((await s.postOtlp(first.body)).status, 200);
  assert.equal((await s.postOtlp(second.body)).status, 200);
  await s.openViewContainer('Agent Traces');
  view = await s.webview({ contains: 'atl-app' });
  await s.widenSideBar(700);
});

after(async () => {
  await s?.close();
});


test('the Sessions list shows the conversation as one row with its turns', async () => {
  await view.locator(`.trace-row[data-trace-id="${first.traceId}"]`).waitFor({ state: 'visible', timeout: 20_000 });
  await view.locator('vscode-toolbar-button.show-sessions').click();
  const row = view.locator(`.session-row[data-session-id="${CONVERSATION}"]`);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await row.locator('.turns').innerText(), /2 turns/);
  // Turn 1 priced from the table, turn 2 as its producer reported.
  assert.equal((await row.locator('.session-cost').innerText()).trim(), `$${(EXPECTED_LLM_USD + 0.05).toFixed(2)}`);
});

test('the session reads as a transcript; a turn opens its trace and Back returns to the session', async () => {
  await view.locator(`.session-row[data-session-id="${CONVERSATION}"]`).click();
  const turns = view.locator('.session-turn');
  await turns.nth(1).waitFor({ state: 'visible', timeout: 10_000 });
  assert.deepEqual(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-trace-id'))), [first.traceId, second.traceId]);
  const t1 = turns.nth(0);
  assert.equal((await t1.locator('.role-user .part.text').innerText()).trim(), 'Where is my order 77?');
  assert.equal((await t1.locator('.role-assistant .part.text').innerText()).trim(), 'It ships tomorrow.');
  assert.match(await t1.locator('.turn-tool').innerText(), /search_orders/);
  assert.equal((await t1.locator('.turn-tool .tool-result').innerText()).trim(), '<b>shipped</b>', 'content is shown as text');
  assert.equal(await t1.locator('.turn-tool b').count(), 0, 'never as HTML');
  assert.equal((await t1.locator('.turn-latency').innerText()).trim(), '2.00 s');
  await s.screenshot('session-view');

  await turns.nth(1).locator('.turn-head').click();
  await view.locator(`.tree-row[data-span-id="${second.ids.llm}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  await view.locator('vscode-toolbar-button.back').click();
  await view.locator('.session-view .session-turn').first().waitFor({ state: 'visible', timeout: 10_000 });
});

test('the trace cost breakdown equals the store total and the list price arithmetic', async () => {
  await view.locator('.session-turn').first().locator('.turn-head').click();
  const insights = view.locator('.trace-insights');
  await waitFor(async () => ((await insights.getAttribute('data-total-usd').catch(() => '')) ?? '') !== '');
  const total = Number(await insights.getAttribute('data-total-usd'));
  const store = Number(await insights.getAttribute('data-store-usd'));
  assert.ok(Math.abs(total - store) < 1e-12, `breakdown ${total} vs store ${store}`);
  assert.ok(Math.abs(total - EXPECTED_LLM_USD) < 1e-12, `breakdown ${total} vs ${EXPECTED_LLM_USD}`);
  for (const seg of ['input', 'cacheRead', 'cacheWrite', 'output', 'reasoning']) {
    assert.equal(await insights.locator(`.trace-cost .seg[data-seg="${seg}"]`).count(), 1, seg);
  }

  await view.locator(`.tree-row[data-span-id="${first.ids.llm}"]`).click();
  const breakdown = view.locator('.span-breakdown');
  await breakdown.waitFor({ state: 'visible', timeout: 10_000 });
  const bucket = async (b: string) => ({
    tokens: Number(await breakdown.locator(`tr[data-bucket="${b}"]`).getAttribute('data-tokens')),
    usd: Number(await breakdown.locator(`tr[data-bucket="${b}"]`).getAttribute('data-usd')),
  });
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;
  const cacheRead = await bucket('cacheRead');
  assert.ok(cacheRead.tokens === 1500 && close(cacheRead.usd, 1500 * 0.3 / 1e6), JSON.stringify(cacheRead));
  const cacheWrite = await bucket('cacheWrite');
  assert.ok(cacheWrite.tokens === 200 && close(cacheWrite.usd, 200 * 3.75 / 1e6), JSON.stringify(cacheWrite));
  const reasoning = await bucket('reasoning');
  assert.ok(reasoning.tokens === 100 && close(reasoning.usd, 100 * 15 / 1e6), JSON.stringify(reasoning));
  const input = await bucket('input');
  assert.equal(input.tokens, 300, 'uncached input = input - cache read - cache write');
  assert.match(await view.locator('.span-timing tr[data-timing="ttft"]').innerText(), /250 ms/);
  assert.match(await view.locator('.span-timing tr[data-timing="generation"]').innerText(), /750 ms/);
  await s.screenshot('trace-cost-breakdown');
});

test('a producer-reported cost wins and is marked', async () => {
  await view.locator('vscode-toolbar-button.back').click();
  await view.locator('.session-turn').nth(1).locator('.turn-head').click();
  await view.locator(`.tree-row[data-span-id="${second.ids.llm}"]`).click();
  const breakdown = view.locator('.span-breakdown');
  await breakdown.locator('.reported-total').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(Number(await breakdown.getAttribute('data-total-usd')), 0.05);
});

test('the critical path marks the chain that sets the duration, not the parallel spans', async () => {
  const marked = async (id: string) => view.locator(`.tree-row[data-span-id="${id}"] .bar.critical`).count();
  await view.locator(`.tree-row[data-span-id="${second.ids.cache}"]`).waitFor({ state: 'visible', timeout: 10_000 });
  for (const id of ['root', 'retrieve', 'llm', 'tool']) assert.equal(await marked(second.ids[id]!), 1, `${id} is on the path`);
  for (const id of ['cache', 'audit']) assert.equal(await marked(second.ids[id]!), 0, `${id} ran in parallel`);
  assert.equal(await view.locator('.trace-time .seg[data-seg="llm"]').count(), 1);
  await view.locator('vscode-toolbar-button.critical-toggle').click();
  await waitFor(async () => (await view.locator('.bar.critical').count()) === 0);
});

test('a workload\'s cost breakdown adds up its traces', async () => {
  await view.locator('vscode-toolbar-button.back').click();
  await view.locator('.session-view vscode-toolbar-button.back').click();
  await view.locator('vscode-toolbar-button.show-traces').click();
  await view.locator('vscode-toolbar-button.group-by-workload').click();
  await view.locator('tr.scorecard').first().click();
  const money = view.locator('.workload-money[data-workload="support-bot"]');
  await money.waitFor({ state: 'visible', timeout: 10_000 });
  await money.locator('summary').click();
  const total = Number(await money.locator('.workload-breakdown').getAttribute('data-total-usd'));
  assert.ok(Math.abs(total - (EXPECTED_LLM_USD + 0.05)) < 1e-12, String(total));
  assert.match(await money.locator('.cost-source').innerText(), /1 of 2 calls reported by the producer/);
});
