// Extension-host suite: secrets are redacted before they are stored, the status bar counts them, a warning
// is raised, and a change of the redaction settings applies to the next spans without a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { postTrace, sampleTrace } from './sample-trace';
import { activateExtension, until } from './helpers';

const KEY = 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34';
const EMAIL = 'ada.lovelace@example.org';

describe('Redaction at ingest', function () {
  let api: AgentTraceLensApi;
  let httpPort: number;

  before(async function () {
    ({ api, httpPort } = await activateExtension());
  });

  after(async () => {
    await vscode.workspace.getConfiguration('agentTraceLens').update('redaction.personalData', undefined, vscode.ConfigurationTarget.Global);
  });

  it('redacts an API key before storing it, counts it and warns at once', async () => {
    const trace = sampleTrace({ rootName: 'redact-key', llmText: `my key is ${KEY}` });
    assert.equal(await postTrace(httpPort, trace.body), 200);
    const row = await until('the redacted trace', async () => (await api.listTraces()).find((r) => r.traceId === trace.traceId && r.redactions));
    assert.equal(row.redactions, 1);
    await until('the warning', () => api.redactionAlerts().find((m) => m.includes('rule openai-key')));
    const text = await api.traceAsText(trace.traceId);
    assert.ok(!text.includes(KEY), 'nothing raw in Copy Trace as Text');
    const file = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'atl-redact-')), 'trace.json'));
    await vscode.commands.executeCommand('agentTraceLens.exportTrace', trace.traceId, file);
    const exported = readFileSync(file.fsPath, 'utf8');
    assert.ok(exported.includes('[REDACTED:openai-key]') && !exported.includes(KEY), 'nothing raw in the export');
    await until('the status bar count', () => /\$\(shield\) \d+/.test(api.statusBarText()));
    assert.ok(((await api.stats()).redactions ?? 0) >= 1);
  });

  it('a settings change applies to the next spans without restarting the receiver', async () => {
    const before = sampleTrace({ rootName: 'redact-before', llmText: `mail ${EMAIL}` });
    assert.equal(await postTrace(httpPort, before.body), 200);
    await until('stored', async () => (await api.listTraces()).some((r) => r.traceId === before.traceId));
    assert.equal((await api.listTraces()).find((r) => r.traceId === before.traceId)!.redactions, undefined, 'e-mail kept by default');
    const port = api.receiverAddress()!.http.port;
    await vscode.workspace.getConfiguration('agentTraceLens').update('redaction.personalData', true, vscode.ConfigurationTarget.Global);
    // The change reaches the worker asynchronously: post until a trace shows the e-mail redacted.
    const row = await until('e-mail redacted in a new trace', async () => {
      const probe = sampleTrace({ rootName: 'redact-after', llmText: `mail ${EMAIL}` });
      await postTrace(httpPort, probe.body);
      return (await api.listTraces()).find((r) => r.rootName === 'redact-after' && r.redactions);
    });
    assert.equal(row.redactions, 1);
    assert.equal(api.receiverAddress()!.http.port, port);
    assert.equal(api.receiverStatus().state, 'listening');
    assert.ok(!(await api.traceAsText(row.traceId)).includes(EMAIL));
    assert.equal((await api.listTraces()).find((r) => r.traceId === before.traceId)!.redactions, undefined, 'earlier spans stay as stored');
  });
});
