// Extension-host suite: the agent tools as VS Code Language Model tools, on the refund demo's failing run
// (test/fixtures/agent-tools/refund-demo-failing-run.json: a clean run and one that skipped the citation check).
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import refundContracts from '../../examples/refund-bot/trace-contracts.json';
import demoRuns from '../fixtures/agent-tools/refund-demo-failing-run.json';
import { encodeTracesJson } from '../../src/core/otlp';
import { HOSTILE_A, MARKER, hostileTrace, outsideQuotes } from '../unit/core/agent-tools/hostile-trace';
import { firstUnsafe } from '../unit/core/text/unsafe-chars';
import { postTrace } from './sample-trace';
import { EXTENSION_ID, activateExtension, until } from './helpers';

const CLEAN = '07c7bffadf5f549e4f1bc52ff9a71ad3';
const FAILING = 'b69dc5fb2d749b966c7dcdef59576e30';
const TOOLS = ['list_traces', 'get_trace', 'get_span', 'check_contracts', 'compare_traces', 'spans_at_code_location', 'search_span_content',
  'list_coding_sessions', 'get_coding_session'];

function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

async function invoke(name: string, input: object): Promise<string> {
  return textOf(await vscode.lm.invokeTool(`traceLens_${name}`, { input, toolInvocationToken: undefined }));
}

describe('Agent tools (Language Model tools)', function () {
  let api: AgentTraceLensApi;
  let contractsUri: vscode.Uri;
  let httpPort: number;

  before(async function () {
    ({ api, httpPort } = await activateExtension());
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the runner opens a workspace');
    // Beside any trace-contracts.json another suite writes: contract ids differ, so both load.
    contractsUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'trace-contracts.json');
    const { $schema: _schema, ...contracts } = refundContracts as Record<string, unknown>;
    await vscode.workspace.fs.writeFile(contractsUri, new TextEncoder().encode(JSON.stringify(contracts, null, 2)));
    await api.contracts.reload();
    assert.equal(await postTrace(httpPort, demoRuns), 200);
    await until('demo runs stored', async () => {
      const rows = await api.listTraces();
      return [CLEAN, FAILING].every((id) => rows.some((r) => r.traceId === id));
    });
    await until('refund contract loaded', () => api.contracts.contractSet().contracts.some((c) => c.id === 'refund.v1'));
  });

  after(async () => {
    await vscode.workspace.fs.delete(contractsUri).then(undefined, () => undefined);
    await api.contracts.reload();
  });

  it('vscode.lm.tools lists every tool with its input schema', () => {
    for (const name of TOOLS) {
      const tool = vscode.lm.tools.find((t) => t.name === `traceLens_${name}`);
      assert.ok(tool, `traceLens_${name} is registered`);
      assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object');
    }
    assert.ok(vscode.lm.tools.find((t) => t.name === 'traceLens_list_traces')!.tags.includes('traces'));
  });

  it('invokeTool walks from the violation list to the missing citation check, the source line and the prompt version', async () => {
    const list = await invoke('list_traces', { violationsOnly: true, workload: 'refund-bot', limit: 200 });
    assert.match(list, new RegExp(`${FAILING} · refund\\.answer .*FAILS refund\\.v1/cite-present`));
    assert.doesNotMatch(list, new RegExp(CLEAN));
    assert.match(list, /Next: traceLens_get_trace/);

    const trace = await invoke('get_trace', { traceId: FAILING });
    assert.match(trace, /ERROR refund\.v1\/cite-present/);
    assert.match(trace, /- \?\? MISSING tool\.citation_check \(ghost: expected by refund\.v1\/cite-present, error\)/);
    const generate = /- llm\.generate \[llm\] .* id ([0-9a-f]{16})/.exec(trace);
    assert.ok(generate, trace);

    const span = await invoke('get_span', { traceId: FAILING, spanId: generate[1], sections: ['overview', 'code', 'prompt'] });
    assert.match(span, /Code location \(from attributes\): src\/agent\.ts:\d+ in generateAnswer \(recorded as \/app\/src\/agent\.ts\)/);
    assert.match(span, /Prompt: refund-answer version 2 · the workspace has version v1 at prompts\/refund-answer\/v1\.md/);

    const compare = await invoke('compare_traces', { traceIdA: CLEAN, traceIdB: FAILING });
    assert.match(compare, /tool\.citation_check \[tool\] · ONLY IN A/);
    assert.match(compare, /gen_ai\.data_source\.id changed/);
  });

  it('a hostile trace stays inside the quotes in every LM tool answer, with no unsafe character', async function () {
    this.timeout(120_000);
    const hostile = hostileTrace(HOSTILE_A, 'A');
    assert.equal(await postTrace(httpPort, encodeTracesJson(hostile) as object), 200);
    await until('hostile trace stored', async () => (await api.listTraces()).some((r) => r.traceId === HOSTILE_A));
    const calls: Array<[string, object]> = [
      ['list_traces', {}], ['get_trace', { traceId: HOSTILE_A, maxTokens: 100_000 }], ['check_contracts', { traceId: HOSTILE_A }],
      ['compare_traces', { traceIdA: HOSTILE_A, traceIdB: FAILING, maxTokens: 100_000 }], ['spans_at_code_location', { file: 'src/agent.ts' }],
      ['search_span_content', { text: MARKER, maxTokens: 100_000 }],
      ...hostile.map((s): [string, object] => ['get_span', { traceId: HOSTILE_A, spanId: s.spanId, maxValueChars: 200_000, maxTokens: 100_000 }]),
    ];
    for (const [name, input] of calls) {
      const text = await invoke(name, input);
      assert.equal(firstUnsafe(text, 'allowed'), null, `${name}: ${firstUnsafe(text, 'allowed')}`);
      const outside = outsideQuotes(text);
      assert.equal(outside.indexOf(MARKER), -1, `${name}: ${outside.slice(Math.max(0, outside.indexOf(MARKER) - 200), outside.indexOf(MARKER) + 40)}`);
    }
  });

  it('a bad argument fails the tool call with a message the model can act on', async () => {
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('traceLens_get_trace', { input: { traceId: 'not-a-trace' }, toolInvocationToken: undefined })),
      /"traceId" must be a trace id/,
    );
  });

  it('the contributed MCP server runs the bundled CLI on the same store, read-only beside the writing extension', async () => {
    const [definition] = api.agentTools.mcpServerDefinitions();
    assert.ok(definition, 'a server definition is offered');
    assert.deepEqual(definition.args.slice(1, 4), ['mcp', '--db', api.storagePath()]);
    assert.ok(definition.args.includes(contractsUri.fsPath), definition.args.join(' '));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...definition.env })) if (typeof v === 'string') env[k] = v;
    const client = new Client({ name: 'exthost-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: definition.command, args: definition.args, env, stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), TOOLS);
      const result = await client.callTool({ name: 'get_trace', arguments: { traceId: FAILING } });
      const text = (result.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('');
      assert.match(text, /\?\? MISSING tool\.citation_check \(ghost: expected by refund\.v1\/cite-present, error\)/);
    } finally {
      await client.close();
    }
  });

  it('Copy MCP Server Command gives a shell line that starts the same server through the published package', async () => {
    const line = await vscode.commands.executeCommand<string>('agentTraceLens.copyMcpServerCommand');
    const { version } = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { version: string };
    // No path of the installed extension: the line survives an update of the extension.
    assert.ok(line.startsWith(`npx -y trace-lens@${version} mcp --db `), line);
    assert.doesNotMatch(line, /cli\.js|extensions/);
    const [definition] = api.agentTools.mcpServerDefinitions();
    assert.ok(definition);
    assert.ok(line.endsWith(definition.args.slice(1).join(' ')), `${line}\n${definition.args.join(' ')}`);
    assert.ok(line.includes(api.storagePath()), line);
  });
});
