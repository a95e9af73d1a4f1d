// package.json declares the Language Model tools the extension registers: the same tools, names and
// input schemas as src/core/agent-tools, so VS Code and the MCP server cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_TOOLS } from '../../../src/core/agent-tools';
import { languageModelToolEntries, lmToolName } from '../../../src/ext/agent-tool-names';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  engines: { vscode: string };
  contributes: { languageModelTools: Array<Record<string, unknown>>; mcpServerDefinitionProviders: Array<{ id: string }> };
};

test('package.json languageModelTools match the core tool definitions (run scripts/lm-tools-manifest.ts after a change)', () => {
  assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolEntries());
  assert.deepEqual(manifest.contributes.languageModelTools.map((t) => t.name), AGENT_TOOLS.map((t) => lmToolName(t.name)));
  const refs = manifest.contributes.languageModelTools.map((t) => t.toolReferenceName);
  assert.equal(new Set(refs).size, refs.length, 'reference names are unique');
});

test('model descriptions name the VS Code tools, and the MCP provider and engine are declared', () => {
  const list = manifest.contributes.languageModelTools.find((t) => t.name === 'traceLens_list_traces')!;
  assert.match(String(list.modelDescription), /then call traceLens_get_trace\.$/);
  assert.deepEqual(manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id), ['agentTraceLens.traces']);
  assert.equal(manifest.engines.vscode, '^1.101.0');
});
