import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTrace } from '../../../../src/core/contracts';
import { makeSpan, oneContract } from './helpers';

const T = 'c'.repeat(32);

/** root → llm (10..100) → tool (110..150) → tool (160..200); all under root. */
function trace() {
  const root = makeSpan({ traceId: T, name: 'agent.run', kind: 'agent', startMs: 0, endMs: 300, attributes: { 'workload.id': 'w' } });
  const llm = makeSpan({ traceId: T, parentSpanId: root.spanId, name: 'chat gpt', kind: 'llm', startMs: 10, endMs: 100, requestModel: 'gpt', inputTokens: 10, outputTokens: 5 });
  const tool = makeSpan({ traceId: T, parentSpanId: llm.spanId, name: 'execute_tool search', kind: 'tool', startMs: 110, endMs: 150, toolName: 'search', toolArguments: '{"q":"x","n":1}' });
  const tool2 = makeSpan({ traceId: T, parentSpanId: root.spanId, name: 'execute_tool search', kind: 'tool', startMs: 160, endMs: 200, toolName: 'search', toolArguments: '{"n": 1, "q": "x"}' });
  return { root, llm, tool, tool2, spans: [root, llm, tool, tool2] };
}

describe('span rule', () => {
  test('present and absent; the ghost row hangs under the required parent', () => {
    const { spans, root } = trace();
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { name: 'chat *', kind: 'llm' } }), spans), []);
    const missing = checkTrace(oneContract({ id: 'r', type: 'span', match: { name: 'judge' }, parent: { name: 'agent.run' } }), spans);
    assert.equal(missing.length, 1);
    assert.deepEqual(
      { spanId: missing[0]!.spanId, missing: missing[0]!.missing, traceId: missing[0]!.traceId, severity: missing[0]!.severity },
      { spanId: null, missing: { label: 'judge', parentSpanId: root.spanId, afterSpanId: null }, traceId: T, severity: 'error' },
    );
    assert.match(missing[0]!.message, /missing span: judge/);
  });

  test('missing with after: the ghost follows the child of its parent that is or holds the last-ending match', () => {
    // root → plan (10..600 → think 20..100), act (200..400 → think 210..300, note 310..320), think 500..550
    const root = makeSpan({ traceId: T, name: 'agent.run', kind: 'agent', startMs: 0, endMs: 1000 });
    const under = (parent: { spanId: string }, name: string, startMs: number, endMs: number) =>
      makeSpan({ traceId: T, parentSpanId: parent.spanId, name, startMs, endMs });
    const plan = under(root, 'plan', 10, 600);
    const act = under(root, 'act', 200, 400);
    const spans = [root, plan, under(plan, 'think', 20, 100), act, under(act, 'think', 210, 300), under(act, 'note', 310, 320)];
    const afterOf = (rule: object, trace = spans) => {
      const found = checkTrace(oneContract({ id: 'r', type: 'span', match: { name: 'judge' }, ...rule }), trace);
      assert.equal(found.length, 1);
      return found[0]!.missing?.afterSpanId;
    };
    // Both children hold a think span; plan ends last, though act's think ends later.
    assert.equal(afterOf({ after: { name: 'think' } }), plan.spanId);
    assert.equal(afterOf({ after: { name: 'note' } }), act.spanId);
    // A direct child matching `after` is its own sibling.
    assert.equal(afterOf({ after: { name: 'act' } }), act.spanId);
    const direct = under(root, 'think', 500, 550);
    assert.equal(afterOf({ after: { name: 'think' } }, [...spans, direct]), plan.spanId);
    assert.equal(afterOf({ after: { name: 'think' } }, [...spans.filter((s) => s !== plan && s.parentSpanId !== plan.spanId), direct]), direct.spanId);
    // Under a deeper parent the match itself is the sibling.
    assert.equal(afterOf({ parent: { name: 'act' }, after: { name: 'think' } }), spans[4]!.spanId);
    // No `after`, no match, or only the parent itself matching: after all children.
    assert.equal(afterOf({}), null);
    assert.equal(afterOf({ after: { name: 'nothing' } }), null);
    assert.equal(afterOf({ after: { name: 'agent.run' } }), null);
    assert.equal(afterOf({ parent: { name: 'act' }, after: { name: 'plan' } }), null);
  });

  test('missing with after in a trace without a root (a parent cycle): null parent and no sibling', () => {
    const a = makeSpan({ traceId: T, name: 'a', startMs: 0, endMs: 10 });
    const b = makeSpan({ traceId: T, name: 'b', parentSpanId: a.spanId, startMs: 1, endMs: 5 });
    a.parentSpanId = b.spanId;
    const found = checkTrace(oneContract({ id: 'r', type: 'span', match: { name: 'judge' }, after: { name: 'b' } }), [a, b]);
    assert.deepEqual(found.map((f) => f.missing), [{ label: 'judge', parentSpanId: null, afterSpanId: null }]);
  });

  test('kind alone, kind lists and attribute equality ($field and raw, compared as text)', () => {
    const { spans } = trace();
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: ['retrieval', 'tool'] }, min: 2 }), spans), []);
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'retrieval' } }), spans).length, 1);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { attributes: { $toolName: 'search' } }, min: 2 }), spans), []);
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'span', match: { attributes: { $toolName: 'fetch' } } }), spans).length, 1);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { attributes: { $inputTokens: '10' } } }), spans), []);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { attributes: { 'workload.id': 'w' } } }), spans), []);
  });

  test('min and max counts', () => {
    const { spans, tool2 } = trace();
    const few = checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, min: 3 }), spans);
    assert.equal(few.length, 1);
    assert.match(few[0]!.message, /at least 3 × tool span, found 2/);
    const many = checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, max: 1 }), spans);
    assert.equal(many.length, 1);
    assert.equal(many[0]!.spanId, tool2.spanId);
    assert.match(many[0]!.message, /at most 1/);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, min: 0, max: 2 }), spans), []);
  });

  test('parent and ancestor', () => {
    const { spans, tool } = trace();
    const parent = checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, parent: { kind: 'agent' } }), spans);
    assert.deepEqual(parent.map((f) => f.spanId), [tool.spanId]);
    assert.match(parent[0]!.message, /must be a child of agent span but is under 'chat gpt'/);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, ancestor: { name: 'agent.run' } }), spans), []);
    const anc = checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, ancestor: { kind: 'llm' } }), spans);
    assert.equal(anc.length, 1);
    assert.notEqual(anc[0]!.spanId, tool.spanId);
  });

  test('after: must start once a matching span has ended', () => {
    const { spans, llm } = trace();
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, after: { kind: 'llm' } }), spans), []);
    const early = checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'llm' }, after: { kind: 'tool' } }), spans);
    assert.deepEqual(early.map((f) => f.spanId), [llm.spanId]);
    assert.match(early[0]!.message, /started before any of them ended/);
    // A zero-length span is never "after" itself.
    const instant = makeSpan({ kind: 'tool', startMs: 5, endMs: 5 });
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, after: { kind: 'tool' } }), [instant]).length, 1);
    // Overlap (the root is still running) does not count as "after".
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'span', match: { kind: 'tool' }, after: { kind: 'agent' } }), spans).length, 2);
  });
});

describe('attributes rule', () => {
  test('normalized fields, raw keys, alternatives and scopes', () => {
    const { spans, llm, root } = trace();
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'attributes', on: { kind: 'llm' }, required: ['$requestModel', '$inputTokens', '$outputTokens'] }), spans), []);
    const noCost = checkTrace(oneContract({ id: 'r', type: 'attributes', on: { kind: 'llm' }, required: ['$requestModel', '$costUsd', 'gen_ai.usage.input_tokens'] }), spans);
    assert.deepEqual(noCost.map((f) => f.spanId), [llm.spanId]);
    assert.match(noCost[0]!.message, /lacks \$costUsd, gen_ai\.usage\.input_tokens/);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'attributes', on: { kind: 'llm' }, required: ['gen_ai.usage.input_tokens|$inputTokens'] }), spans), []);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'attributes', on: 'root', required: ['workload.id', 'service.name'] }), spans), []);
    const all = checkTrace(oneContract({ id: 'r', type: 'attributes', on: 'all', required: ['workload.id'] }), spans);
    assert.equal(all.length, 3);
    assert.ok(!all.some((f) => f.spanId === root.spanId));
  });

  test('an empty string or empty list is not present; zero is', () => {
    const s = makeSpan({ attributes: { a: '', b: [] }, inputTokens: 0 });
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'attributes', required: ['a'] }), [s]).length, 1);
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'attributes', required: ['b'] }), [s]).length, 1);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'attributes', required: ['$inputTokens'] }), [s]), []);
  });
});

describe('forbidden rule', () => {
  test('presets find secrets in attributes, nested values and events, without echoing them', () => {
    const clean = makeSpan({ attributes: { 'input.value': 'What is your refund policy?', n: 3 } });
    const email = makeSpan({ attributes: { 'input.value': 'mail me at jane.doe@example.com please' } });
    const key = makeSpan({ attributes: { 'llm.input_messages': [{ content: 'use sk-proj-abcdefghijklmnopqrstuvwx123' }] } });
    const aws = makeSpan({ events: [{ name: 'log', timeUnixNano: '1', attributes: { body: 'AKIAIOSFODNN7EXAMPLE' } }] });
    const bearer = makeSpan({ attributes: { 'http.request.header.x': 'Bearer abc.def-ghi_jkl' } });
    const contracts = oneContract({ id: 'pii', type: 'forbidden', values: ['preset:email', 'preset:openai-key', 'preset:aws-key', 'preset:bearer-token'] });
    const findings = checkTrace(contracts, [clean, email, key, aws, bearer]);
    assert.deepEqual(findings.map((f) => f.spanId), [email.spanId, key.spanId, aws.spanId, bearer.spanId]);
    assert.match(findings[0]!.message, /attribute 'input.value' matches preset:email/);
    assert.match(findings[2]!.message, /event 'log' attribute 'body' matches preset:aws-key/);
    for (const f of findings) assert.doesNotMatch(f.message, /jane|sk-proj|AKIA|abc\.def/);
  });

  test('a value redacted at ingest by the same preset still breaks the rule (unless `in` narrows the keys)', () => {
    const redacted = makeSpan({ attributes: { 'input.value': 'use [REDACTED:openai-key]' }, redaction: { rules: ['openai-key'], count: 1 } });
    const other = makeSpan({ redaction: { rules: ['email'], count: 1 } });
    const findings = checkTrace(oneContract({ id: 'r', type: 'forbidden', values: ['preset:openai-key'] }), [redacted, other]);
    assert.deepEqual(findings.map((f) => f.spanId), [redacted.spanId]);
    assert.match(findings[0]!.message, /carried a value matching preset:openai-key \(redacted at ingest\)/);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'forbidden', values: ['preset:openai-key'], in: ['x.*'] }), [redacted]), []);
  });

  test('keys globs, custom regexes with flags, `in` limits where values are searched, `on` limits spans', () => {
    const a = makeSpan({ kind: 'llm', attributes: { 'db.password': 'x', 'user.note': 'SECRET-1', other: 'secret-2' } });
    const b = makeSpan({ kind: 'tool', attributes: { other: 'secret-3' } });
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'forbidden', keys: ['*password*'] }), [a, b]).map((f) => f.spanId), [a.spanId]);
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'forbidden', values: ['secret-\\d'] }), [a, b]).length, 2);
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'forbidden', values: ['/secret-\\d/i'], in: ['user.*'] }), [a, b]).length, 1);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'forbidden', values: ['SECRET-1'], in: ['other'] }), [a, b]), []);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'forbidden', on: { kind: 'tool' }, keys: ['db.*'] }), [a, b]), []);
  });
});

describe('budget rule', () => {
  test('duration, spans, tokens (deepest usage only) and cost', () => {
    const root = makeSpan({ name: 'wrap', kind: 'llm', startMs: 0, endMs: 1500, inputTokens: 300, outputTokens: 100, costUsd: 0.02 });
    const a = makeSpan({ parentSpanId: root.spanId, kind: 'llm', startMs: 0, endMs: 500, totalTokens: 250, inputTokens: 200, outputTokens: 50, costUsd: 0.01 });
    const b = makeSpan({ parentSpanId: root.spanId, kind: 'llm', startMs: 600, endMs: 1000, inputTokens: 100, outputTokens: 50, costUsd: 0.01 });
    const spans = [root, a, b];
    // The wrapper repeats its children's usage: 400 tokens, $0.02 in total.
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'budget', maxTotalTokens: 400, maxCostUsd: 0.02, maxDurationMs: 1500, maxSpans: 3 }), spans), []);
    const over = checkTrace(oneContract({ id: 'r', type: 'budget', maxTotalTokens: 399, maxCostUsd: 0.019, maxDurationMs: 1499, maxSpans: 2 }), spans);
    assert.deepEqual(over.map((f) => f.message), [
      'trace took 1500 ms, budget 1499 ms',
      'trace used 400 tokens, budget 399',
      'trace cost $0.02, budget $0.019',
      'trace has 3 spans, budget 2',
    ]);
    assert.ok(over.every((f) => f.spanId === null));
  });

  test('tool repeats: same tool and same arguments (key order ignored)', () => {
    const { spans, tool2 } = trace();
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'budget', maxToolRepeats: 1 }), spans), []);
    const loop = checkTrace(oneContract({ id: 'r', type: 'budget', maxToolRepeats: 0 }), spans);
    assert.equal(loop.length, 1);
    assert.equal(loop[0]!.spanId, tool2.spanId);
    assert.match(loop[0]!.message, /'search' was called 2 times with the same arguments/);
    const other = makeSpan({ toolName: 'search', toolArguments: '{"q":"y"}' });
    assert.equal(checkTrace(oneContract({ id: 'r', type: 'budget', maxToolRepeats: 0 }), [...spans, other]).length, 1);
  });
});

describe('no-errors and no-orphans', () => {
  test('error spans are reported with their reason, `on` narrows', () => {
    const ok = makeSpan({ kind: 'llm', status: 'ok' });
    const bad = makeSpan({ kind: 'tool', status: 'error', errorType: 'TimeoutError', statusMessage: 'took too long' });
    const findings = checkTrace(oneContract({ id: 'r', type: 'no-errors', severity: 'warning' }), [ok, bad]);
    assert.deepEqual(findings.map((f) => [f.spanId, f.severity]), [[bad.spanId, 'warning']]);
    assert.match(findings[0]!.message, /failed: TimeoutError: took too long/);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'no-errors', on: { kind: 'llm' } }), [ok, bad]), []);
  });

  test('a span whose parent is not in the trace is an orphan', () => {
    const root = makeSpan({});
    const child = makeSpan({ parentSpanId: root.spanId });
    const orphan = makeSpan({ parentSpanId: 'f'.repeat(16) });
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'no-orphans' }), [root, child]), []);
    assert.deepEqual(checkTrace(oneContract({ id: 'r', type: 'no-orphans' }), [root, child, orphan]).map((f) => f.spanId), [orphan.spanId]);
  });
});

test('findings carry the rule location from the contract file', () => {
  const f = checkTrace(oneContract({ id: 'r', type: 'span', match: { name: 'nope' } }), [makeSpan({})]);
  assert.equal(f[0]!.location?.file, 'test.contracts.json');
  assert.ok((f[0]!.location?.line ?? 0) > 1);
  assert.equal(f[0]!.contract, 'c');
  assert.equal(f[0]!.rule, 'r');
});
