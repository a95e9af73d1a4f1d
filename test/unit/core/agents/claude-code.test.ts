// Claude Code's recorded exports (events only; beta spans + events over JSON, protobuf and gRPC) through the store:
// one trace per prompt with its model calls, tokens, reported cost, tool call, decision, prompt and answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NormalizedSpan } from '../../../../src/core/model/types';
import type { TraceStore } from '../../../../src/core/store';
import { n, named, runEvents, storeWithRun, fixtureFiles } from './fixture-store';

function promptTraces(store: TraceStore): Array<{ traceId: string; spans: NormalizedSpan[] }> {
  return store.listTraces({ limit: 100 })
    .filter((t) => t.rootName === 'claude_code.interaction')
    .map((t) => ({ traceId: t.traceId, spans: store.getTraceSpans(t.traceId) }));
}

/** The run's expectations, read straight from its `api_request` / `tool_result` events. */
function expected(run: string) {
  const events = runEvents(run);
  const requests = named(events, 'api_request');
  return {
    session: String(named(events, 'user_prompt')[0]!['session.id']),
    prompts: named(events, 'user_prompt').map((e) => String(e.prompt)),
    answers: named(events, 'assistant_response').map((e) => String(e.response)),
    calls: requests.map((e) => ({
      input: n(e.input_tokens) + n(e.cache_read_tokens) + n(e.cache_creation_tokens),
      output: n(e.output_tokens), cacheRead: n(e.cache_read_tokens), cacheWrite: n(e.cache_creation_tokens),
      cost: n(e.cost_usd),
    })),
    tools: named(events, 'tool_result').map((e) => ({ name: String(e.tool_name), input: String(e.tool_input) })),
    decisions: named(events, 'tool_decision').map((e) => String(e.decision)),
  };
}

for (const run of ['live-claude-code-events', 'live-claude-code-spans-json']) {
  describe(`Claude Code: ${run}`, () => {
    it('shows one trace per prompt with the prompt, the answer and the session', async () => {
      const store = await storeWithRun(run);
      const want = expected(run);
      const traces = promptTraces(store);
      assert.equal(traces.length, want.prompts.length);
      const roots = traces.map((t) => t.spans.find((s) => s.parentSpanId === null)!);
      assert.deepEqual(roots.map((r) => r.inputMessages?.[0]?.parts[0]).map((p) => (p?.type === 'text' ? p.content : null)),
        want.prompts);
      assert.deepEqual(roots.map((r) => r.outputMessages?.[0]?.parts[0]).map((p) => (p?.type === 'text' ? p.content : null)),
        want.answers);
      for (const r of roots) assert.equal(r.conversationId, want.session);
      await store.close();
    });

    it('has every model call with each token kind and the reported cost, counted once in the totals', async () => {
      const store = await storeWithRun(run);
      const want = expected(run);
      const llm = promptTraces(store).flatMap((t) => t.spans).filter((s) => s.kind === 'llm')
        .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
      assert.deepEqual(llm.map((s) => ({
        input: s.inputTokens, output: s.outputTokens, cacheRead: s.cacheReadTokens, cacheWrite: s.cacheWriteTokens, cost: s.costUsd,
      })), want.calls);
      const [summary] = store.listTraces({ limit: 100 }).filter((t) => t.rootName === 'claude_code.interaction');
      const sum = (k: 'input' | 'output' | 'cost'): number => want.calls.reduce((acc, c) => acc + c[k], 0);
      assert.equal(summary!.inputTokens, sum('input'));
      assert.equal(summary!.outputTokens, sum('output'));
      assert.ok(Math.abs(summary!.costUsd - sum('cost')) < 1e-12);
      await store.close();
    });

    it('has the tool call with its arguments and the decision', async () => {
      const store = await storeWithRun(run);
      const want = expected(run);
      const tools = promptTraces(store).flatMap((t) => t.spans).filter((s) => s.kind === 'tool');
      assert.deepEqual(tools.map((t) => t.toolName), want.tools.map((t) => t.name));
      assert.deepEqual(tools.map((t) => JSON.parse(t.toolArguments ?? 'null')), want.tools.map((t) => JSON.parse(t.input)));
      // Events only: the decision is on the tool span; with spans, on its `blocked_on_user` child as Claude Code sent it.
      const all = promptTraces(store).flatMap((t) => t.spans);
      const decisions = tools.map((t) => t.attributes['tool.decision']
        ?? all.find((c) => c.parentSpanId === t.spanId && c.attributes.decision !== undefined)?.attributes.decision);
      assert.deepEqual(decisions, want.decisions);
      for (const t of tools) assert.equal(t.status === 'error', want.decisions.includes('reject'));
      await store.close();
    });
  });
}

describe('Claude Code: spans and events in any order', () => {
  it('gives the same model calls, costs and tool arguments whichever signal arrives first', async () => {
    const run = 'live-claude-code-spans-json';
    const files = fixtureFiles(run);
    const forward = await storeWithRun(run);
    const backward = await storeWithRun(run, {}, files.map((_, i) => files.length - 1 - i));
    const view = (store: TraceStore) => promptTraces(store).flatMap((t) => t.spans)
      .filter((s) => s.kind === 'llm' || s.kind === 'tool')
      .map((s) => [s.name, s.inputTokens, s.costUsd, s.toolArguments].join('|')).sort();
    assert.deepEqual(view(backward), view(forward));
    const spans = promptTraces(forward).flatMap((t) => t.spans);
    assert.ok(spans.filter((s) => s.kind === 'llm').every((s) => (s.costUsd ?? 0) > 0));
    assert.ok(spans.filter((s) => s.kind === 'tool').every((s) => (s.toolArguments ?? '').includes('hello-from-tool')));
    await forward.close();
    await backward.close();
  });

  it('decodes the gRPC and protobuf recordings to the same prompt trace as JSON', async () => {
    for (const run of ['live-claude-code-grpc', 'live-claude-code-spans-protobuf']) {
      const store = await storeWithRun(run);
      const traces = promptTraces(store);
      assert.equal(traces.length, 1, run);
      const llm = traces[0]!.spans.filter((s) => s.kind === 'llm');
      assert.equal(llm.length, 2, run);
      for (const s of llm) assert.ok((s.costUsd ?? 0) > 0 && (s.cacheReadTokens ?? 0) > 0, run);
      await store.close();
    }
  });
});
