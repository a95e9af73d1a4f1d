// Each agent tool on the refund-bot demo's traces: what an agent asking "why did the last failing
// refund run fail?" gets back, and how bad arguments are refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENT_TOOLS, CheckedContracts, FsWorkspace, contractFilesSet, estimateTokens, runTool, type ToolContext,
} from '../../../../src/core/agent-tools';
import type { TraceStore } from '../../../../src/core/store';
import type { DemoRun } from '../../../../examples/refund-bot/src/demo';
import { REFUND_BOT_DIR, REFUND_CONTRACTS, demoStore } from './demo-store';

describe('agent tools on the refund-bot demo', () => {
  let store: TraceStore;
  let runs: DemoRun[];
  let ctx: ToolContext;
  let skipped: string;
  let clean: string;

  before(async () => {
    ({ store, runs } = await demoStore(6));
    ctx = {
      store,
      contracts: new CheckedContracts(contractFilesSet([REFUND_CONTRACTS], true)),
      workspace: new FsWorkspace([REFUND_BOT_DIR]),
      maxTokens: 8000,
    };
    skipped = runs.filter((r) => r.plan.skipCitationCheck).at(-1)!.result!.traceId;
    clean = runs.find((r) => r.result?.citation === 'passed')!.result!.traceId;
  });
  after(async () => store.close());

  it('list_traces with violationsOnly lists exactly the runs that broke a rule, newest first, with the failing rules', async () => {
    const result = await runTool(ctx, 'list_traces', { violationsOnly: true });
    assert.equal(result.isError, undefined, result.text);
    const expected = runs.filter((r) => r.plan.skipCitationCheck || r.result?.citation === 'failed').map((r) => r.result!.traceId).reverse();
    const listed = (result.data.traces as Array<{ traceId: string }>).map((t) => t.traceId);
    assert.deepEqual(listed, expected);
    assert.match(result.text, new RegExp(`${skipped} .*FAILS refund\\.v1/cite-present`));
    assert.match(result.text, /Failing rules \(traces listed here\): refund\.v1\/cite-present ×\d/);
    assert.ok(!result.text.includes(clean), 'a clean run is not listed');
  });

  it('list_traces filters by status and workload', async () => {
    const errors = await runTool(ctx, 'list_traces', { status: 'error' });
    const failedCitation = runs.filter((r) => r.result?.citation === 'failed').length;
    assert.equal((errors.data.traces as unknown[]).length, failedCitation);
    const none = await runTool(ctx, 'list_traces', { workload: 'another-bot' });
    assert.equal((none.data.traces as unknown[]).length, 0);
    assert.match(none.text, /^0 traces listed/);
  });

  it('get_trace puts aggregates first and shows the missing citation check as a ghost row after llm.generate', async () => {
    const result = await runTool(ctx, 'get_trace', { traceId: skipped });
    const text = result.text;
    assert.ok(text.indexOf('Span contracts refund.v1') < text.indexOf('Span tree'), 'aggregates before the tree');
    assert.match(text, /Tokens \d[\d,]* in \/ \d[\d,]* out/);
    assert.match(text, /ERROR refund\.v1\/cite-present/);
    const lines = text.split('\n');
    const generate = lines.findIndex((l) => /^ {2}- llm\.generate \[llm\]/.test(l));
    const ghost = lines.findIndex((l) => /^ {2}- \?\? MISSING tool\.citation_check/.test(l));
    assert.ok(generate > 0 && ghost > generate, `ghost row after llm.generate:\n${text}`);
    assert.match(lines[generate]!, /content: 3 in msg, 1 out msg, prompt refund-answer@2/);
  });

  it('get_span resolves the code location and the prompt file, and quotes the retrieved draft policy', async () => {
    const spans = store.getTraceSpans(skipped);
    const generate = spans.find((s) => s.name === 'llm.generate')!;
    const answer = await runTool(ctx, 'get_span', { traceId: skipped, spanId: generate.spanId });
    assert.match(answer.text, /Code location \(from attributes\): src\/agent\.ts:\d+ in generateAnswer/);
    assert.match(answer.text, /startSpan\(deps\.tracer, 'llm\.generate'/);
    assert.match(answer.text, /Prompt: refund-answer version 2 · file prompts\/refund-answer\/v2\.md/);
    assert.match(answer.text, /Contract ERROR refund\.v1\/cite-present \(missing "tool\.citation_check" expected after this span\)/);

    const retrieval = spans.find((s) => s.name === 'retrieve.policies')!;
    const docs = await runTool(ctx, 'get_span', { traceId: skipped, spanId: retrieval.spanId, sections: ['documents'] });
    const tag = docs.data.quoteTag as string;
    assert.match(docs.text, /Document \d\/3: id refund-policy-draft-2023 · score \d+ · metadata .*"status":"draft"/);
    const draft = docs.text.indexOf('DRAFT refund proposal');
    assert.ok(draft > docs.text.lastIndexOf(`\u27e6${tag}\u27e7`, draft), 'document text sits inside a quote');
    assert.deepEqual(docs.data.sectionsShown, ['documents']);
  });

  it('check_contracts groups findings by (workload, rule) with counts and the most recent failing trace', async () => {
    const result = await runTool(ctx, 'check_contracts', {});
    const groups = result.data.groups as Array<{ rule: string; workloadId: string; traceCount: number; representativeTraceId: string }>;
    const cite = groups.find((g) => g.rule === 'cite-present')!;
    assert.equal(cite.workloadId, 'refund-bot');
    assert.equal(cite.traceCount, runs.filter((r) => r.plan.skipCitationCheck).length);
    assert.equal(cite.representativeTraceId, skipped);
    assert.match(result.text, /\[error\] refund\.v1\/cite-present · workload refund-bot · \d traces?, \d findings?/);
    const one = await runTool(ctx, 'check_contracts', { traceId: clean });
    assert.match(one.text, /1 trace checked, 1 passed, 0 failed/);
  });

  it('compare_traces shows the span only in the good run and the changed data source', async () => {
    const result = await runTool(ctx, 'compare_traces', { traceIdA: clean, traceIdB: skipped });
    assert.equal(result.data.onlyInA, 1);
    assert.match(result.text, /tool\.citation_check \[tool\] · ONLY IN A/);
    assert.match(result.text, /attribute gen_ai\.data_source\.id changed: A .*policies-index.* → B .*policies-index-2023-snapshot/);
  });

  it('spans_at_code_location lists what a line emitted', async () => {
    const generate = store.getTraceSpans(skipped).find((s) => s.name === 'llm.generate')!;
    const line = generate.code!.line!;
    const result = await runTool(ctx, 'spans_at_code_location', { file: 'src/agent.ts', line });
    const locations = result.data.locations as Array<{ spanName: string; count: number }>;
    assert.deepEqual(locations.map((l) => [l.spanName, l.count]), [['llm.generate', runs.length]]);
    assert.match(result.text, new RegExp(`src/agent\\.ts:${line} · llm\\.generate · ${runs.length} runs`));
  });

  it('search_span_content finds the draft document in retrieval spans', async () => {
    const result = await runTool(ctx, 'search_span_content', { text: 'refund-policy-draft-2023', traceId: skipped });
    const names = (result.data.matches as Array<{ name: string }>).map((m) => m.name);
    assert.ok(names.includes('retrieve.policies'), names.join(','));
  });

  it('every tool answers within its budget', async () => {
    for (const tool of AGENT_TOOLS) {
      const args: Record<string, unknown> = {
        list_traces: {}, get_trace: { traceId: skipped }, check_contracts: {}, compare_traces: { traceIdA: clean, traceIdB: skipped },
        spans_at_code_location: { file: 'src/agent.ts' }, search_span_content: { text: 'refund' },
        get_span: { traceId: skipped, spanId: store.getTraceSpans(skipped)[0]!.spanId },
        list_coding_sessions: {}, get_coding_session: { sessionId: store.listSessions({})[0]!.sessionId },
      }[tool.name] as Record<string, unknown>;
      const result = await runTool(ctx, tool.name, { ...args, maxTokens: 600 });
      assert.equal(result.isError, undefined, `${tool.name}: ${result.text}`);
      assert.ok(estimateTokens(result.text) <= 600, `${tool.name} used ${estimateTokens(result.text)} tokens`);
    }
  });

  it('bad arguments come back as tool errors that say what is wrong', async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['get_trace', {}, /missing argument "traceId"/],
      ['get_trace', { traceId: 'not-hex' }, /must be a trace id/],
      ['get_trace', { traceId: '0'.repeat(32) }, /is not in the store/],
      ['get_span', { traceId: skipped, spanId: 'ffffffffffffffff' }, /is not in trace/],
      ['list_traces', { limit: 0 }, /"limit" must be an integer from 1 to 200/],
      ['list_traces', { since: 'yesterday-ish' }, /ISO time/],
      ['list_traces', { colour: 'red' }, /unknown argument "colour"/],
      ['get_span', { traceId: skipped, spanId: '0'.repeat(16), sections: ['secrets'] }, /"sections" must be a list of/],
      ['list_traces', 'not an object', /must be a JSON object/],
      ['no_such_tool', {}, /Unknown tool "no_such_tool"/],
    ];
    for (const [name, args, pattern] of cases) {
      const result = await runTool(ctx, name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}`);
      assert.match(result.text, pattern);
    }
  });
});

describe('renameTools', () => {
  it('renames tool mentions outside quotes only', async () => {
    const { renameTools, Quoter } = await import('../../../../src/core/agent-tools');
    const q = new Quoter('data-0123abcd');
    const text = `call get_span next ${q.inline('get_span is quoted', 100).text} or list_traces`;
    assert.equal(
      renameTools(text, (n) => `traceLens_${n}`),
      'call traceLens_get_span next \u27e6data-0123abcd\u27e7get_span is quoted\u27e6/data-0123abcd\u27e7 or traceLens_list_traces',
    );
  });
});
