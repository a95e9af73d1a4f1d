// The example contracts for coding agents (examples/coding-agents/trace-contracts.json) on recorded Claude Code and
// Codex runs: the shell call the recorded config allowed is flagged, a destructive command would be, the budget holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkTrace, loadContracts, type Contract } from '../../../src/core/contracts';
import type { NormalizedSpan } from '../../../src/core/model/types';
import { TraceStore } from '../../../src/core/store';
import { fixtureFiles, storeWithRun } from '../core/agents/fixture-store';

const FILE = path.resolve(__dirname, '..', '..', '..', 'examples', 'coding-agents', 'trace-contracts.json');

function contract(id: string): Contract {
  const loaded = loadContracts(fs.readFileSync(FILE, 'utf8'), FILE);
  assert.deepEqual(loaded.problems, []);
  return loaded.contracts.find((c) => c.id === id)!;
}

async function promptSpans(store: TraceStore, rootName: string): Promise<NormalizedSpan[]> {
  const [trace] = store.listTraces({ limit: 50 }).filter((t) => t.rootName === rootName);
  return store.getTraceSpans(trace!.traceId);
}

function rules(findings: Array<{ rule: string }>): string[] {
  return findings.map((f) => f.rule).sort();
}

describe('coding-agent example contracts', () => {
  it('Claude Code: flags the Bash call the config allowed, nothing else', async () => {
    const store = await storeWithRun('live-claude-code-events');
    const findings = checkTrace([contract('claude-code.prompt')], await promptSpans(store, 'claude_code.interaction'));
    assert.deepEqual(rules(findings), ['shell-after-user-decision']);
    await store.close();
  });

  it('Codex: flags the exec_command the config approved, nothing else', async () => {
    const store = await storeWithRun('live-codex-events');
    const findings = checkTrace([contract('codex.turn')], await promptSpans(store, 'codex.turn'));
    assert.deepEqual(rules(findings), ['shell-after-user-decision']);
    await store.close();
  });

  it('a destructive command in the tool input breaks no-destructive-input, naming the pattern, not the value', async () => {
    const store = await TraceStore.open({ dir: null });
    for (const f of fixtureFiles('live-claude-code-events')) {
      let body = fs.readFileSync(f.file, 'utf8');
      if (f.signal === 'logs') body = body.replaceAll('echo hello-from-tool', 'rm -rf /tmp/build');
      store.ingestRequest(new TextEncoder().encode(body), f.signal, f.encoding);
    }
    const findings = checkTrace([contract('claude-code.prompt')], await promptSpans(store, 'claude_code.interaction'));
    const destructive = findings.find((f) => f.rule === 'no-destructive-input');
    assert.ok(destructive, JSON.stringify(findings));
    assert.doesNotMatch(destructive.message, /tmp\/build/);
    await store.close();
  });
});
