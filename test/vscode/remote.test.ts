// Extension-host suite for issue 12: forwarding from settings (headers from SecretStorage, status in the
// tooltip) and Open Trace by ID reading a trace through from a Tempo fixture server.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { FixtureServer } from '../unit/core/backends/fixture-server';
import { postTrace, sampleTrace } from './sample-trace';
import { EXTENSION_ID, activateExtension, until } from './helpers';

describe('Forwarding and remote backends', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;
  let upstream: Server;
  const received: Array<{ path: string; headers: IncomingHttpHeaders; bytes: number }> = [];
  const tempo = new FixtureServer(join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'remote'));
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentTraceLens');

  before(async function () {
    ({ api, httpPort } = await activateExtension());
    upstream = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => { bytes += c.length; });
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, bytes });
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': '0' });
        res.end();
      });
    });
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    await tempo.start();
  });
  after(async function () {
    await config().update('forward.endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('remote.connections', undefined, vscode.ConfigurationTarget.Global);
    upstream.closeAllConnections();
    upstream.close();
    await tempo.close();
  });

  it('forwards accepted traces to the configured endpoint with the stored header, and says so in the tooltip', async () => {
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    await vscode.commands.executeCommand('agentTraceLens.setBackendHeaders', url, 'Authorization=Bearer from-secret-storage');
    await config().update('forward.endpoints', [url], vscode.ConfigurationTarget.Global);
    await until('forwarding set up', () => /Forwarding to http:\/\/127\.0\.0\.1/.test(api.statusBarTooltip()));
    const trace = sampleTrace({ rootName: 'forward-me' });
    assert.equal(await postTrace(httpPort, trace.body), 200);
    await until('the request upstream', () => received.length > 0);
    assert.equal(received[0]!.path, '/v1/traces');
    assert.equal(received[0]!.headers.authorization, 'Bearer from-secret-storage');
    assert.equal(received[0]!.headers['content-type'], 'application/x-protobuf');
    await until('tooltip counts', () => /3 spans forwarded · 0 spans queued/.test(api.statusBarTooltip()), 10_000);
    assert.doesNotMatch(JSON.stringify(config().inspect('forward.endpoints')), /from-secret-storage/, 'the header is not in settings');
  });

  it('Open Trace by ID looks locally first, then reads the trace through from Tempo, marked with its origin', async () => {
    await config().update('remote.connections', [{ kind: 'tempo', url: tempo.url, name: 'fixture tempo' }], vscode.ConfigurationTarget.Global);
    const id = '00000000000000000000000000007a12';
    const result = await vscode.commands.executeCommand<{ ok: boolean; source?: string }>('agentTraceLens.openTraceById', id);
    assert.deepEqual(result, { ok: true, source: 'fixture tempo' });
    assert.ok((await api.listTraces()).some((t) => t.traceId === id), 'stored locally');
    const out = join(mkdtempSync(join(tmpdir(), 'atl-remote-')), 'trace.jsonl');
    await vscode.commands.executeCommand('agentTraceLens.exportTrace', id, vscode.Uri.file(out));
    assert.match(readFileSync(out, 'utf8'), new RegExp(`"trace_lens.origin".*tempo ${tempo.url.replace(/[.]/g, '\\.')}`));
    const lookups = tempo.requests.length;
    const again = await vscode.commands.executeCommand<{ ok: boolean; source?: string }>('agentTraceLens.openTraceById', id);
    assert.deepEqual(again, { ok: true, source: 'local' });
    assert.equal(tempo.requests.length, lookups, 'the second open did not ask Tempo');
  });
});
