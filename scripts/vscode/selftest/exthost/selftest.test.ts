// Harness selftest, runs in the extension host: the throwaway extension is loaded, sees the
// environment passed through code-server, and the fixture workspace copy is open.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

suite('harness selftest (exthost)', () => {
  test('the development extension is active and its command sees the env', async () => {
    const ext = vscode.extensions.getExtension('agent-trace-lens-selftest.harness-selftest');
    assert.ok(ext, 'extension present');
    await ext.activate();
    assert.ok((await vscode.commands.getCommands(true)).includes('selftest.hello'));
    const port = await vscode.commands.executeCommand<string>('selftest.hello');
    assert.equal(port, process.env.AGENT_TRACE_LENS_HTTP_PORT);
    assert.match(port, /^\d+$/);
  });

  test('the fixture workspace copy is open', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    assert.ok(existsSync(join(folder.uri.fsPath, 'prompts', 'refund-answer', 'v1.md')));
  });
});

describe('harness selftest (bdd globals)', () => {
  it('describe/it work next to suite/test', () => {
    assert.equal(typeof suite, 'function');
    assert.equal(typeof describe, 'function');
  });
});
