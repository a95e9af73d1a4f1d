// Arguments a model may send (wrong types, huge and negative numbers, huge strings, nulls, unknown keys) over
// every tool's schema through a real MCP client; the search's order, budget and note; compare's order and
// paging; and a slow search that must not hold up other calls.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS, CheckedContracts, FsWorkspace, runTool, type ToolContext } from '../../../../src/core/agent-tools';
import { EMPTY_CONTRACT_SET } from '../../../../src/core/contracts';
import type { RawSpan } from '../../../../src/core/model/types';
import { TraceStore } from '../../../../src/core/store';
import { createMcpServer } from '../../../../src/cli/mcp-server';
import { HOSTILE_A, HOSTILE_B, hostileTrace } from './hostile-trace';

const T0 = BigInt(Date.now() - 86_400_000) * 1_000_000n;
const RUNS = 80;

function runTraceId(i: number): string {
  return `c1${i.toString(16).padStart(30, '0')}`;
}

/** Run i: a root with the text "order needle-<i>" in a tool result (run 79 is the newest). */
function run(i: number, bigBytes = 0): RawSpan[] {
  const traceId = runTraceId(i);
  const start = T0 + BigInt(i) * 1_000_000_000n;
  return [{
    traceId, spanId: `c1${i.toString(16).padStart(14, '0')}`, parentSpanId: null, traceState: '', name: 'refund.answer', otelKind: 1,
    startTimeUnixNano: start.toString(), endTimeUnixNano: (start + 1_000_000n).toString(),
    attributes: { 'gen_ai.tool.call.result': `order needle-${i} refunded`, ...(bigBytes ? { padding: 'x'.repeat(bigBytes) } : {}) },
    events: [], links: [], statusCode: 0, statusMessage: '', resource: { 'service.name': 'refund-bot' }, scope: { name: 't', version: '1' },
  }];
}

describe('agent tools under hostile arguments and heavy searches', () => {
  let store: TraceStore;
  let ctx: ToolContext;
  let client: Client;

  before(async () => {
    store = await TraceStore.open({ dir: null });
    for (let i = 0; i < RUNS; i++) store.ingestDecoded({ spans: run(i), logs: [] });
    store.ingestDecoded({ spans: [...hostileTrace(HOSTILE_A, 'A'), ...hostileTrace(HOSTILE_B, 'B')], logs: [] });
    ctx = { store, contracts: new CheckedContracts(() => EMPTY_CONTRACT_SET), workspace: new FsWorkspace([__dirname]), maxTokens: 8000 };
    const server = createMcpServer({ context: async () => ctx, version: '0.0.0' });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'fuzz-test', version: '1.0.0' });
    await client.connect(clientSide);
  });
  after(async () => {
    await client?.close();
    await store?.close();
  });

  it('any argument object gets a tool error or an answer, never a protocol error, and the server keeps answering', async () => {
    const odd = fc.oneof(
      fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.constantFrom(-1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5),
      fc.string(), fc.constant('9'.repeat(400) + 'd'), fc.constant('x'.repeat(200_000)), fc.array(fc.string(), { maxLength: 3 }),
      fc.constant([]), fc.object({ maxDepth: 1 }), fc.constant(HOSTILE_A), fc.constant('2h'),
    );
    let calls = 0;
    for (const tool of AGENT_TOOLS) {
      const keys = [...Object.keys(tool.inputSchema.properties ?? {}), 'unknownKey'];
      await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), odd, { maxKeys: 4 }), async (args) => {
        const result = await client.callTool({ name: tool.name, arguments: args });
        const text = (result.content as Array<{ text: string }>)[0]!.text;
        calls++;
        if (result.isError) assert.ok(text.length < 600 && !text.includes('\n'), `${tool.name}: a short one-line error: ${text.slice(0, 300)}`);
        else assert.ok(text.length > 0);
      }), { numRuns: 60 });
    }
    assert.ok(calls >= AGENT_TOOLS.length * 60);
    const still = await client.callTool({ name: 'list_traces', arguments: { limit: 2 } });
    assert.equal(still.isError, undefined);
  });

  it('malformed calls are -32602 with one line that says the fix', async () => {
    for (const args of [null, [], 'text', 5]) {
      await assert.rejects(client.request({ method: 'tools/call', params: { name: 'list_traces', arguments: args } } as never, (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema),
        (error: unknown) => error instanceof McpError && error.code === -32602 && /"arguments" must be an object/.test(error.message) && !error.message.includes('\n'));
    }
  });

  it('bad times, ranges, offsets and sections are tool errors or notes with the fix', async () => {
    const expectError = async (name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> => {
      const result = await runTool(ctx, name, args);
      assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}: ${result.text}`);
      assert.match(result.text, pattern);
    };
    await expectError('list_traces', { since: `${'9'.repeat(15)}d` }, /"since" reaches back before 1970/);
    await expectError('list_traces', { since: `${'9'.repeat(400)}d` }, /too large an age/);
    await expectError('list_traces', { since: '1h', until: '2h' }, /"since" is later than "until".*swap them/);
    await expectError('check_contracts', { since: '2030-01-01T00:00:00Z', until: '2020-01-01T00:00:00Z' }, /swap them/);
    await expectError('get_span', { traceId: HOSTILE_A, spanId: hostileTrace(HOSTILE_A, 'A')[0]!.spanId, sections: [] }, /"sections" is empty/);
    const past = await runTool(ctx, 'get_trace', { traceId: HOSTILE_A, offset: 999 });
    assert.equal(past.isError, undefined);
    assert.match(past.text, /Nothing listed: offset 999 is past the end of the tree \(\d+ lines/);
    const comparePast = await runTool(ctx, 'compare_traces', { traceIdA: HOSTILE_A, traceIdB: HOSTILE_B, offset: 999 });
    assert.match(comparePast.text, /Nothing listed: offset 999 is past the end/);
  });

  it('search: newest first, a truthful note, a short error for a long text, and linear on repeated characters', async () => {
    const three = await runTool(ctx, 'search_span_content', { text: 'order needle-', limit: 3 });
    const ids = [...three.text.matchAll(/trace ([0-9a-f]{32}) span/g)].map((m) => m[1]);
    assert.deepEqual(ids, [runTraceId(RUNS - 1), runTraceId(RUNS - 2), runTraceId(RUNS - 3)], three.text);
    assert.match(three.text, /Stopped at limit 3: these are the newest matches; older spans may match too/);
    const all = await runTool(ctx, 'search_span_content', { text: 'order needle-', limit: 500, maxTokens: 100_000 });
    assert.equal(all.data.matchCount, RUNS);
    assert.match(all.text, /Searched all [\d.]+ MB of stored content\./);
    const firstAll = /trace ([0-9a-f]{32}) span/.exec(all.text)![1];
    assert.equal(firstAll, runTraceId(RUNS - 1));

    for (const text of ['x'.repeat(1_048_666), 's'.repeat(20_000)]) {
      const started = Date.now();
      const result = await runTool(ctx, 'search_span_content', { text });
      assert.equal(result.isError, true);
      assert.ok(result.text.length < 200, result.text);
      assert.match(result.text, /search for at most 500/);
      assert.ok(Date.now() - started < 1000);
    }
    for (const text of ['s'.repeat(500), 'ß'.repeat(250), 'needle-'.repeat(70)]) {
      const started = Date.now();
      const result = await runTool(ctx, 'search_span_content', { text });
      assert.equal(result.isError, undefined, result.text);
      assert.ok(Date.now() - started < 5000, `${text.slice(0, 10)}…: ${Date.now() - started} ms`);
    }
    const sharp = await runTool(ctx, 'search_span_content', { text: 'NEEDLE-79 REFUNDED' });
    assert.equal(sharp.data.matchCount, 1);
  });

  it('a slow search does not hold up list_traces', async () => {
    const big = await TraceStore.open({ dir: null });
    for (let i = 0; i < 40; i++) big.ingestDecoded({ spans: run(i, 1_000_000), logs: [] });
    const bigCtx: ToolContext = { ...ctx, store: big };
    try {
      const order: string[] = [];
      const search = runTool(bigCtx, 'search_span_content', { text: 'no such text anywhere' }).then(() => order.push('search'));
      const list = runTool(bigCtx, 'list_traces', { limit: 1 }).then(() => order.push('list'));
      await Promise.all([search, list]);
      assert.deepEqual(order, ['list', 'search']);
    } finally {
      await big.close();
    }
  });

  it('compare leads with structure, hides per-run ids, and pages', async () => {
    const full = await runTool(ctx, 'compare_traces', { traceIdA: HOSTILE_A, traceIdB: HOSTILE_B, maxTokens: 100_000 });
    const text = full.text;
    const structure = text.indexOf('Structure and status');
    const only = text.indexOf('· ONLY IN A');
    const other = text.indexOf('Other changes');
    assert.ok(structure > 0 && only > structure && other > only, text.slice(0, 3000));
    assert.ok(text.indexOf('attribute ') > other, 'attribute changes come after the structural rows');
    assert.doesNotMatch(text, /gen_ai\.usage/, 'token-count attributes are left to the row\'s token mark');

    const pages: string[] = [];
    let offset: number | undefined = 0;
    let first = true;
    while (offset !== undefined && pages.length < 50) {
      const page = await runTool(ctx, 'compare_traces', { traceIdA: HOSTILE_A, traceIdB: HOSTILE_B, maxTokens: 500, ...(first ? {} : { offset }) });
      first = false;
      pages.push(page.text);
      const next = page.data.nextOffset as number | undefined;
      if (next !== undefined) {
        assert.ok(next > (offset ?? 0) || pages.length === 1, 'the next page moves on');
        assert.match(page.text, new RegExp(`call compare_traces with offset=${next} to continue`));
      }
      offset = next;
    }
    assert.ok(pages.length > 1, 'a small budget pages');
    assert.match(pages[0]!, /ONLY IN A/, 'the first page holds the structural difference');
    assert.equal(offset, undefined, 'paging ends');
  });
});
