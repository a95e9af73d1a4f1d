// Extension-host suite: "Replay Model Call…" sends a stored LLM span to the endpoint in the user's settings (a
// workspace value cannot redirect it), asks once per endpoint, takes the key from SecretStorage, streams the
// answer and stores the run as a trace linked to the original; the key is in no file of the storage folder.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import { startFakeProvider, type FakeProvider } from '../unit/core/replay/fake-providers';
import { postTrace } from './sample-trace';
import { activateExtension, until } from './helpers';

const KEY = `sk-exthost-${randomBytes(12).toString('hex')}`;
const traceId = randomBytes(16).toString('hex');
const spanId = randomBytes(8).toString('hex');

function llmTrace(): object {
  const attrs: Record<string, string | number> = {
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0.2,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are a weather bot.' }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'stop' }]),
  };
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'replay-exthost' } }] },
      scopeSpans: [{
        scope: { name: 'test' },
        spans: [{
          traceId, spanId, name: 'chat gpt-4o-mini', kind: 3, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 5_000_000n),
          attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { doubleValue: v } : { stringValue: v } })),
          status: { code: 0 },
        }],
      }],
    }],
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('Replay model call', function () {
  let api: AgentTraceLensApi;
  let fake: FakeProvider;
  const asked: string[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('agentTraceLens');

  before(async function () {
    let httpPort: number;
    ({ api, httpPort } = await activateExtension());
    fake = await startFakeProvider('openai', [{ kind: 'answer', text: 'Replayed: sunny in Paris.' }]);
    await config().update('replay.baseUrls', { openai: fake.baseUrl }, vscode.ConfigurationTarget.Global);
    await api.replay.storeKey('openai', KEY);
    api.replay.setConfirm(async (endpoint) => {
      asked.push(endpoint);
      return true;
    });
    assert.equal(await postTrace(httpPort, llmTrace()), 200);
    await until('trace stored', async () => (await api.listTraces()).some((t) => t.traceId === traceId));
  });

  after(async () => {
    api.replay.setConfirm(null);
    await config().update('replay.baseUrls', undefined, vscode.ConfigurationTarget.Global);
    await fake.close();
  });

  it('runs the edited call against the user-settings endpoint, asks once, and stores the run linked to the span', async () => {
    const result = await vscode.commands.executeCommand<{ ok: boolean; runs: Array<{ traceId: string; text: string }> }>(
      'agentTraceLens.replayModelCall', { traceId, spanId, edits: { system: 'Be brief.' } },
    );
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.runs[0]!.text, 'Replayed: sunny in Paris.');
    assert.deepEqual(asked, [`${fake.baseUrl}/chat/completions`]);
    const body = fake.requests[0]!.body;
    assert.deepEqual(body.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Paris?' }]);
    assert.equal(body.temperature, 0.2);
    assert.equal(fake.requests[0]!.headers.authorization, `Bearer ${KEY}`);
    const replayTrace = result.runs[0]!.traceId;
    const summary = await until('replay stored', async () => (await api.listTraces()).find((t) => t.traceId === replayTrace));
    assert.equal(summary.service, 'trace-lens.replay');

    const again = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.replayModelCall', { traceId, spanId });
    assert.ok(again?.ok);
    assert.equal(asked.length, 1, 'the endpoint is confirmed once');
  });

  it('a workspace setting cannot redirect the endpoint', async () => {
    const elsewhere = await startFakeProvider('openai');
    try {
      await config().update('replay.baseUrls', { openai: elsewhere.baseUrl }, vscode.ConfigurationTarget.Workspace).then(undefined, () => undefined);
      const result = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.replayModelCall', { traceId, spanId });
      assert.ok(result?.ok);
      assert.equal(elsewhere.requests.length, 0, 'nothing was sent to the workspace\'s endpoint');
      assert.equal(fake.requests.length, 3);
    } finally {
      await config().update('replay.baseUrls', undefined, vscode.ConfigurationTarget.Workspace).then(undefined, () => undefined);
      await elsewhere.close();
    }
  });

  it('opens the span\'s Replay tab from the palette form of the command, once per span', async () => {
    const opened = await vscode.commands.executeCommand<{ ok: boolean }>('agentTraceLens.replayModelCall', { open: true, traceId, spanId });
    assert.ok(opened?.ok);
    assert.ok(api.traceEditorTabs().includes(`replay:${traceId}:${spanId}`), api.traceEditorTabs().join(', '));
    const sent = fake.requests.length;
    await vscode.commands.executeCommand('agentTraceLens.replayModelCall', { open: true, traceId, spanId });
    assert.equal(api.traceEditorTabs().filter((k) => k.startsWith('replay:')).length, 1, 'revealed, not opened twice');
    assert.equal(fake.requests.length, sent, 'opening the tab sends nothing');
    const notLlm = await vscode.commands.executeCommand<{ ok: boolean; message?: string }>(
      'agentTraceLens.replayModelCall', { open: true, traceId, spanId: 'ffffffffffffffff' });
    assert.equal(notLlm?.ok, false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the key is in no file of the storage folder', async () => {
    await api.stats();
    for (const file of filesUnder(api.storagePath())) {
      assert.equal(readFileSync(file).indexOf(KEY), -1, file);
    }
  });
});
