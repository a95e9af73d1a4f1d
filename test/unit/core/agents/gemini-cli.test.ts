// Gemini CLI's recorded exports: one `gemini_cli.prompt` trace per prompt built from its events (its own traces,
// one per model call and tool batch, are kept but listed only on request and left out of the session totals).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { n, named, runEvents, storeWithRun } from './fixture-store';

for (const run of ['live-gemini-cli-events-http', 'live-gemini-cli-spans-http', 'live-gemini-cli-two-prompts']) {
  describe(`Gemini CLI: ${run}`, () => {
    const events = runEvents(run);
    const responses = named(events, 'gemini_cli.api_response');

    it('lists one trace per prompt, with its prompt, model calls, tokens and tool call', async () => {
      const store = await storeWithRun(run);
      const prompts = store.listTraces({ limit: 50 });
      assert.deepEqual(prompts.map((t) => t.rootName), prompts.map(() => 'gemini_cli.prompt'));
      assert.equal(prompts.length, named(events, 'gemini_cli.user_prompt').length);
      const spans = prompts.flatMap((t) => store.getTraceSpans(t.traceId));
      const roots = spans.filter((s) => s.parentSpanId === null);
      const texts = roots.map((r) => r.inputMessages?.[0]?.parts[0]).map((p) => (p?.type === 'text' ? p.content : null)).sort();
      assert.deepEqual(texts, named(events, 'gemini_cli.user_prompt').map((e) => String(e.prompt)).sort());
      const llm = spans.filter((s) => s.kind === 'llm');
      const view = (rows: Array<[number, number, number, number]>) => rows.map((r) => r.join('/')).sort();
      assert.deepEqual(view(llm.map((s) => [s.inputTokens!, s.outputTokens!, s.cacheReadTokens!, s.reasoningTokens!])),
        view(responses.map((e) => [n(e.input_token_count), n(e.output_token_count) + n(e.thoughts_token_count),
          n(e.cached_content_token_count), n(e.thoughts_token_count)])));
      for (const s of llm) assert.ok((s.costUsd ?? 0) > 0, 'priced from the model');
      const tools = spans.filter((s) => s.kind === 'tool');
      assert.deepEqual(tools.map((t) => [t.toolName, JSON.parse(t.toolArguments!), t.attributes['tool.decision']]),
        named(events, 'gemini_cli.tool_call').map((e) => [e.function_name, JSON.parse(String(e.function_args)), e.decision]));
      await store.close();
    });

    it('counts each model call once in the session; the per-call traces stay listed on request', async () => {
      const store = await storeWithRun(run);
      const [session] = store.listSessions({});
      assert.equal(session!.turns, named(events, 'gemini_cli.user_prompt').length);
      assert.equal(session!.inputTokens, responses.reduce((sum, e) => sum + n(e.input_token_count), 0));
      const all = store.listTraces({ limit: 50, internals: true });
      assert.ok(all.length > store.listTraces({ limit: 50 }).length);
      await store.close();
    });

    it('answers with the model\'s text joined from its streamed chunks', async () => {
      const store = await storeWithRun(run);
      const roots = store.listTraces({ limit: 50 }).map((t) => store.getTraceSpans(t.traceId).find((s) => s.parentSpanId === null)!);
      const sent = named(events, 'gen_ai.client.inference.operation.details').some((e) => e['gen_ai.output.messages']);
      const answered = roots.filter((r) => r.outputMessages?.[0]);
      assert.equal(answered.length, sent ? roots.length : 0);
      for (const root of answered) {
        const answer = root.outputMessages![0]!;
        assert.equal(answer.role, 'assistant');
        const part = answer.parts[0];
        assert.ok(part?.type === 'text' && /hello-from-tool\.|Goodbye/.test(part.content));
      }
      await store.close();
    });
  });
}
