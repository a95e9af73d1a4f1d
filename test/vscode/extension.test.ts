// Extension-host suite: activation, receiver, commands, status bar, terminal env, export/import.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { handlerCoverage } from '../../src/ext/panel-handlers';
import * as messages from '../../src/protocol/messages';
import { postTrace, sampleTrace } from './sample-trace';
import { activateExtension, until } from './helpers';


describe('Agent Trace Lens extension', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;

  before(async function () {
    ({ api, httpPort } = await activateExtension());
  });

  it('activates on startup and listens on the port given by the environment', async () => {
    assert.ok(httpPort > 0, 'the runner passes AGENT_TRACE_LENS_HTTP_PORT');
    assert.equal(api.receiverStatus().state, 'listening', JSON.stringify(api.lastProblem()));
    assert.equal(api.receiverAddress()?.http.port, httpPort);
    assert.equal(api.receiverAddress()?.grpc.port, Number(process.env.AGENT_TRACE_LENS_GRPC_PORT));
    assert.equal(api.receiverAddress()?.http.host, '127.0.0.1');
  });

  it('answers every panel request with exactly one handler and listens to every page notification', () => {
    const descriptors = Object.values(messages).filter((v) => typeof v === 'object' && v !== null && 'kind' in v && 'direction' in v) as
      Array<{ kind: string; method: string; direction: string }>;
    const requests = descriptors.filter((d) => d.kind === 'request');
    assert.ok(requests.length > 20, `request descriptors found: ${requests.length}`);
    const registered = api.panelHandlers();
    assert.deepEqual(handlerCoverage(registered.requests, requests), { missing: [], duplicated: [], unknown: [] });
    const pageNotifications = descriptors.filter((d) => d.kind === 'notification' && d.direction === 'toHost').map((d) => d.method);
    assert.deepEqual(pageNotifications.filter((m) => !registered.notifications.includes(m)), []);
  });

  it('registers every command', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['openTraces', 'clearTraces', 'importOtlpFiles', 'exportTrace', 'copyTraceAsText', 'restartReceiver', 'copyOtlpEndpoint', 'compareTraces', 'openTraceInEditor']) {
      assert.ok(all.has(`agentTraceLens.${id}`), `agentTraceLens.${id}`);
    }
  });

  it('sets the exporter environment for new terminals and follows the setting', async () => {
    assert.deepEqual(api.terminalEnv(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${httpPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    });
    const config = vscode.workspace.getConfiguration('agentTraceLens');
    await config.update('terminal.injectEnv', false, vscode.ConfigurationTarget.Global);
    try {
      await until('env removed', () => Object.keys(api.terminalEnv()).length === 0);
    } finally {
      await config.update('terminal.injectEnv', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('env restored', () => api.terminalEnv().OTEL_EXPORTER_OTLP_ENDPOINT === `http://127.0.0.1:${httpPort}`);
  });

  it('stores a posted OTLP trace and shows the counts in the status bar', async () => {
    const before = await api.stats();
    const trace = sampleTrace({ rootName: 'status-bar-check' });
    assert.equal(await postTrace(httpPort, trace.body), 200);
    const after = (await until('stats to grow', async () => {
      const s = await api.stats();
      return s.spans >= before.spans + 3 ? s : null;
    }))!;
    assert.equal(after.traces, before.traces + 1);
    await until('status bar text', () => new RegExp(`\\b${after.traces} traces? · ${after.spans} spans?\\b`).test(api.statusBarText()));
    const rows = await api.listTraces();
    const row = rows.find((r) => r.traceId === trace.traceId);
    assert.ok(row, 'the trace is listed');
    assert.equal(row.rootName, 'status-bar-check');
    assert.equal(row.spanCount, 3);
    assert.equal(row.inputTokens, 42);
  });

  it('copies the endpoint and exporter env lines', async () => {
    const text = await vscode.commands.executeCommand<string>('agentTraceLens.copyOtlpEndpoint');
    assert.match(text, new RegExp(`export OTEL_EXPORTER_OTLP_ENDPOINT=http://127\\.0\\.0\\.1:${httpPort}`));
    assert.equal(await vscode.env.clipboard.readText(), text);
  });

  it('copies a trace as compact text', async () => {
    const trace = sampleTrace({ rootName: 'copy-text-check' });
    await postTrace(httpPort, trace.body);
    await until('trace stored', async () => (await api.listTraces()).some((r) => r.traceId === trace.traceId && r.spanCount === 3));
    const text = await vscode.commands.executeCommand<string>('agentTraceLens.copyTraceAsText', trace.traceId);
    assert.match(text, /^Trace [0-9a-f]{32} · copy-text-check/);
    assert.match(text, /chat gpt-test-mini \[llm\].*model=gpt-test-mini · tokens=42in\/17out/);
    assert.match(text, /execute_tool get_weather \[tool\].*ERROR/);
  });

  it('compares two traces given by id; a trace that is gone is reported', async () => {
    const a = sampleTrace({ rootName: 'compare-a' });
    const b = sampleTrace({ rootName: 'compare-b' });
    for (const t of [a, b]) await postTrace(httpPort, t.body);
    await until('traces stored', async () => (await api.listTraces()).filter((r) => [a.traceId, b.traceId].includes(r.traceId)).length === 2);
    const shown = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.compareTraces', a.traceId, b.traceId);
    assert.equal(shown.ok, true);
    const gone = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTraceLens.compareTraces', a.traceId, 'f'.repeat(32));
    assert.equal(gone.ok, false);
    assert.match(gone.message ?? '', /not found/);
  });

  it('opens a trace in one editor tab per trace; the setting sends traces and comparisons to tabs', async () => {
    const a = sampleTrace({ rootName: 'tab-a' });
    const b = sampleTrace({ rootName: 'tab-b' });
    for (const t of [a, b]) await postTrace(httpPort, t.body);
    await until('traces stored', async () => (await api.listTraces()).filter((r) => [a.traceId, b.traceId].includes(r.traceId)).length === 2);
    const tabsOf = (prefix: string) => api.traceEditorTabs().filter((k) => k.startsWith(prefix));
    const opened = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.openTraceInEditor', a.traceId);
    assert.equal(opened.ok, true);
    await vscode.commands.executeCommand('agentTraceLens.openTraceInEditor', a.traceId);
    assert.deepEqual(tabsOf('trace:'), [`trace:${a.traceId}`], 'the second open reveals the same tab');
    const missing = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTraceLens.openTraceInEditor', 'e'.repeat(32));
    assert.equal(missing.ok, false);
    assert.match(missing.message ?? '', /not found/);

    const config = vscode.workspace.getConfiguration('agentTraceLens');
    await config.update('openTracesIn', 'editor', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('agentTraceLens.showTrace', b.traceId);
      assert.deepEqual(tabsOf('trace:').sort(), [`trace:${a.traceId}`, `trace:${b.traceId}`].sort());
      await vscode.commands.executeCommand('agentTraceLens.compareTraces', a.traceId, b.traceId);
      assert.deepEqual(tabsOf('compare:'), [`compare:${a.traceId}:${b.traceId}`]);
    } finally {
      await config.update('openTracesIn', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    await until('tabs closed', () => api.traceEditorTabs().length === 0);
  });

  it('exports a trace as OTLP JSON and imports it back after clearing', async () => {
    const trace = sampleTrace({ rootName: 'round-trip' });
    await postTrace(httpPort, trace.body);
    await until('trace stored', async () => (await api.listTraces()).some((r) => r.traceId === trace.traceId && r.spanCount === 3));
    const original = (await api.listTraces()).find((r) => r.traceId === trace.traceId)!;

    const dir = mkdtempSync(join(tmpdir(), 'atl-export-'));
    const target = vscode.Uri.file(join(dir, 'trace.otlp.jsonl'));
    const exported = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.exportTrace', trace.traceId, target);
    assert.equal(exported.ok, true);
    const firstLine = readFileSync(target.fsPath, 'utf8').split('\n')[0]!;
    assert.ok(JSON.parse(firstLine).resourceSpans, 'an OTLP/JSON traces request');

    const cleared = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.clearTraces', { skipConfirm: true });
    assert.equal(cleared.ok, true);
    assert.equal((await api.stats()).spans, 0);
    await until('status bar reset', () => api.statusBarText().includes('0 traces · 0 spans'));

    const goneTarget = vscode.Uri.file(join(dir, 'gone.otlp.jsonl'));
    const gone = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>('agentTraceLens.exportTrace', trace.traceId, goneTarget);
    assert.equal(gone.ok, false);
    assert.match(gone.message ?? '', /not found/);
    assert.equal(existsSync(goneTarget.fsPath), false, 'no empty file for a trace that is gone');

    const result = await vscode.commands.executeCommand<{ acceptedSpans: number }>('agentTraceLens.importOtlpFiles', [target]);
    assert.equal(result.acceptedSpans, 3);
    const back = (await api.listTraces()).find((r) => r.traceId === trace.traceId);
    assert.ok(back);
    assert.deepEqual(
      { ...back, models: [...back.models].sort() },
      { ...original, models: [...original.models].sort() },
    );
  });

  it('restarts the receiver on the same port', async () => {
    await vscode.commands.executeCommand('agentTraceLens.restartReceiver');
    assert.equal(api.receiverStatus().state, 'listening');
    assert.equal(api.receiverAddress()?.http.port, httpPort);
    const trace = sampleTrace();
    assert.equal(await postTrace(httpPort, trace.body), 200);
  });

  it('stops the receiver when disabled and starts it again when enabled', async () => {
    const config = vscode.workspace.getConfiguration('agentTraceLens');
    await config.update('receiver.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await until('receiver disabled', () => api.receiverStatus().state === 'disabled');
      await assert.rejects(postTrace(httpPort, sampleTrace().body));
      assert.deepEqual(api.terminalEnv(), {});
    } finally {
      await config.update('receiver.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('receiver listening again', () => api.receiverStatus().state === 'listening');
    assert.equal(await postTrace(httpPort, sampleTrace().body), 200);
  });

  it('opens the traces panel and completes the webview handshake', async () => {
    await vscode.commands.executeCommand('agentTraceLens.openTraces');
    await until('panel ready', () => api.panelReady(), 30_000);
  });
});
