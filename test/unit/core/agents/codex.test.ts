// Codex's recorded exports through the store: events only become one `codex.turn` trace per prompt; with its
// trace exporter on, the turn's own spans carry the model calls (tokens) and the tool call (arguments, output).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n, named, runEvents, storeWithRun } from './fixture-store';

describe('Codex: events only', () => {
  const run = 'live-codex-events';
  const events = runEvents(run);
  const completed = named(events, 'codex.sse_event').filter((e) => e['event.kind'] === 'response.completed' && e.input_token_count !== undefined);

  it('builds one turn per prompt with the prompt text, the conversation and a model call per request', async () => {
    const store = await storeWithRun(run);
    const turns = store.listTraces({ limit: 50 }).filter((t) => t.rootName === 'codex.turn');
    assert.equal(turns.length, named(events, 'codex.user_prompt').length);
    const spans = store.getTraceSpans(turns[0]!.traceId);
    const root = spans.find((s) => s.parentSpanId === null)!;
    const prompt = root.inputMessages?.[0]?.parts[0];
    assert.equal(prompt?.type === 'text' ? prompt.content : null, String(named(events, 'codex.user_prompt')[0]!.prompt));
    assert.equal(root.conversationId, String(events.find((e) => e['conversation.id'])!['conversation.id']));
    const llm = spans.filter((s) => s.kind === 'llm');
    assert.equal(llm.length, named(events, 'codex.api_request').length);
    assert.deepEqual(llm.map((s) => [s.inputTokens, s.outputTokens, s.cacheReadTokens, s.reasoningTokens]),
      completed.map((e) => [n(e.input_token_count), n(e.output_token_count), n(e.cached_token_count), n(e.reasoning_token_count)]));
    // Codex reports no cost: each call is priced from its model.
    for (const s of llm) assert.ok((s.costUsd ?? 0) > 0 && s.requestModel === String(completed[0]!.model));
    await store.close();
  });

  it('has the tool call with its arguments, output and decision, and totals that count each call once', async () => {
    const store = await storeWithRun(run);
    const [turn] = store.listTraces({ limit: 50 }).filter((t) => t.rootName === 'codex.turn');
    const spans = store.getTraceSpans(turn!.traceId);
    const results = named(events, 'codex.tool_result');
    const tools = spans.filter((s) => s.kind === 'tool');
    assert.deepEqual(tools.map((t) => [t.toolName, t.toolArguments, t.toolResult]),
      results.map((e) => [String(e.tool_name), String(e.arguments), String(e.output)]));
    assert.deepEqual(tools.map((t) => t.attributes['tool.decision']),
      named(events, 'codex.tool_decision').map((e) => String(e.decision)));
    const llm = spans.filter((s) => s.kind === 'llm');
    assert.equal(turn!.inputTokens, llm.reduce((sum, s) => sum + (s.inputTokens ?? 0), 0));
    assert.ok(Math.abs(turn!.costUsd - llm.reduce((sum, s) => sum + (s.costUsd ?? 0), 0)) < 1e-12);
    await store.close();
  });
});

describe('Codex: spans and events', () => {
  it('reads the model calls from handle_responses and the tool call from exec_command plus its tool_result event', async () => {
    const run = 'live-codex-spans-json';
    const events = runEvents(run);
    const store = await storeWithRun(run);
    const [turn] = store.listTraces({ limit: 50 }).filter((t) => t.rootName === 'turn/start');
    const spans = store.getTraceSpans(turn!.traceId);
    const completed = named(events, 'codex.sse_event').filter((e) => e.input_token_count !== undefined);
    assert.deepEqual(spans.filter((s) => s.kind === 'llm').map((s) => s.inputTokens),
      completed.map((e) => n(e.input_token_count)));
    const tools = spans.filter((s) => s.kind === 'tool');
    assert.deepEqual(tools.map((t) => t.toolArguments), named(events, 'codex.tool_result').map((e) => String(e.arguments)));
    await store.close();
  });
});
