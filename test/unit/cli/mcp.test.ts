// `trace-lens mcp` driven by the MCP SDK's own client over stdio, from the bundled CLI in a folder without
// node_modules, while this process holds the store as its writer (as the editor or `serve` would).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TOOLS } from '../../../src/core/agent-tools';
import { TraceStore } from '../../../src/core/store';
import type { DemoRun } from '../../../examples/refund-bot/src/demo';
import { REFUND_BOT_DIR, REFUND_CONTRACTS, demoBodies } from '../core/agent-tools/demo-store';
import { tempDir } from '../receiver/helpers';

const projectRoot = join(__dirname, '..', '..', '..');

type TextContent = Array<{ type: string; text?: string }>;

function textOf(result: Record<string, unknown>): string {
  return (result.content as TextContent).map((c) => c.text ?? '').join('\n');
}

describe('trace-lens mcp over stdio', () => {
  const folder = tempDir('trace-lens-mcp-');
  const cliJs = join(folder.dir, 'bundle', 'cli.js');
  const db = join(folder.dir, 'store');
  let writer: TraceStore;
  let runs: DemoRun[];
  let client: Client;
  let stderr = '';

  before(async () => {
    const build = spawnSync(process.execPath, [join(projectRoot, 'scripts', 'build.mjs'), '--outdir', join(folder.dir, 'bundle')], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    const demo = await demoBodies(6);
    runs = demo.runs;
    writer = await TraceStore.open({ dir: db });
    for (const body of demo.bodies) writer.ingestRequest(new Uint8Array(body), 'traces', 'protobuf');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliJs, 'mcp', '--db', db, '--contracts', REFUND_CONTRACTS, '--workspace', REFUND_BOT_DIR],
      cwd: folder.dir,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    client = new Client({ name: 'trace-lens-test', version: '1.0.0' });
    await client.connect(transport);
  });
  after(async () => {
    await client?.close();
    await writer?.close();
    folder.remove();
  });

  it('lists every tool, read-only, with its input schema', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), AGENT_TOOLS.map((t) => t.name));
    for (const tool of tools) {
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.equal(tool.inputSchema.type, 'object');
    }
    assert.deepEqual(tools.find((t) => t.name === 'get_span')!.inputSchema.required, ['traceId', 'spanId']);
  });

  it('answers each tool on the demo traces', async () => {
    const skipped = runs.filter((r) => r.plan.skipCitationCheck).at(-1)!.result!.traceId;
    const clean = runs.find((r) => r.result?.citation === 'passed')!.result!.traceId;
    const list = textOf(await client.callTool({ name: 'list_traces', arguments: { violationsOnly: true } }));
    assert.match(list, new RegExp(`${skipped} .*FAILS refund\\.v1/cite-present`));

    const trace = textOf(await client.callTool({ name: 'get_trace', arguments: { traceId: skipped } }));
    assert.match(trace, /\?\? MISSING tool\.citation_check \(ghost: expected by refund\.v1\/cite-present, error\)/);
    const generateId = /- llm\.generate \[llm\] .* id ([0-9a-f]{16})/.exec(trace)![1]!;

    const span = textOf(await client.callTool({ name: 'get_span', arguments: { traceId: skipped, spanId: generateId } }));
    assert.match(span, /Code location \(from attributes\): src\/agent\.ts:\d+ in generateAnswer/);
    assert.match(span, /Prompt: refund-answer version 2 · file prompts\/refund-answer\/v2\.md/);

    const check = textOf(await client.callTool({ name: 'check_contracts', arguments: { workload: 'refund-bot' } }));
    assert.match(check, /\[error\] refund\.v1\/cite-present · workload refund-bot/);

    const compare = textOf(await client.callTool({ name: 'compare_traces', arguments: { traceIdA: clean, traceIdB: skipped } }));
    assert.match(compare, /tool\.citation_check \[tool\] · ONLY IN A/);

    const code = textOf(await client.callTool({ name: 'spans_at_code_location', arguments: { file: 'src/agent.ts' } }));
    assert.match(code, /src\/agent\.ts:\d+ · llm\.generate · 6 runs/);

    const search = textOf(await client.callTool({ name: 'search_span_content', arguments: { text: 'policies-index-2023-snapshot' } }));
    assert.match(search, /retrieve\.policies \[retrieval\]/);
  });

  it('follows traces the writer adds while it runs', async () => {
    const more = await demoBodies(1, 7);
    for (const body of more.bodies) writer.ingestRequest(new Uint8Array(body), 'traces', 'protobuf');
    const added = more.runs[0]!.result!.traceId;
    const list = await client.callTool({ name: 'list_traces', arguments: { limit: 1 } });
    assert.match(textOf(list), new RegExp(added));
  });

  it('exposes each trace as a resource', async () => {
    const { resources } = await client.listResources();
    const id = runs[0]!.result!.traceId;
    const uri = `trace-lens://trace/${id}`;
    assert.ok(resources.some((r) => r.uri === uri), resources.map((r) => r.uri).join(','));
    const read = await client.readResource({ uri });
    const text = (read.contents[0] as { text: string }).text;
    assert.match(text, new RegExp(`Trace ${id} · refund\\.answer`));
    assert.match(text, /Span tree/);
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.equal(resourceTemplates[0]!.uriTemplate, 'trace-lens://trace/{traceId}');
    await assert.rejects(client.readResource({ uri: 'trace-lens://trace/nothex' }), /trace id/);
  });

  it('turns bad arguments into tool errors and keeps serving', async () => {
    const bad = await client.callTool({ name: 'get_trace', arguments: { traceId: 'nope' } });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /"traceId" must be a trace id/);
    const unknown = await client.callTool({ name: 'delete_everything', arguments: {} });
    assert.equal(unknown.isError, true);
    const typed = await client.callTool({ name: 'list_traces', arguments: { limit: 'ten' } });
    assert.equal(typed.isError, true);
    const still = await client.callTool({ name: 'list_traces', arguments: { limit: 2 } });
    assert.equal(still.isError, undefined);
    assert.match(textOf(still), /^2 traces listed/);
    assert.doesNotMatch(stderr, /Error|at .*\.js:\d+/, stderr);
  });
});
