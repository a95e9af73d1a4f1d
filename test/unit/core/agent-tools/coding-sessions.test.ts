// list_coding_sessions / get_coding_session on recorded Claude Code, Codex and Gemini CLI runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CheckedContracts, FsWorkspace, contractFilesSet, runTool, type ToolContext } from '../../../../src/core/agent-tools';
import { TraceStore } from '../../../../src/core/store';
import { ingestRun, named, runEvents } from '../agents/fixture-store';

describe('coding session tools', () => {
  let store: TraceStore;
  let ctx: ToolContext;
  const claude = runEvents('live-claude-code-events');
  const claudeSession = String(named(claude, 'user_prompt')[0]!['session.id']);

  before(async () => {
    store = await TraceStore.open({ dir: null });
    for (const run of ['live-claude-code-events', 'live-codex-events', 'live-gemini-cli-two-prompts']) ingestRun(store, run);
    ctx = { store, contracts: new CheckedContracts(contractFilesSet([], true)), workspace: new FsWorkspace([]), maxTokens: 4000 };
  });
  after(async () => store.close());

  it('lists each agent\'s sessions, and filters by agent', async () => {
    const all = await runTool(ctx, 'list_coding_sessions', {});
    assert.equal(all.isError, undefined, all.text);
    assert.deepEqual((all.data.sessions as Array<{ agent: string }>).map((s) => s.agent).sort(), ['claude-code', 'codex', 'gemini-cli']);
    const gemini = await runTool(ctx, 'list_coding_sessions', { agent: 'gemini-cli' });
    assert.deepEqual((gemini.data.sessions as Array<{ prompts: number }>).map((s) => s.prompts), [2]);
    assert.equal((await runTool(ctx, 'list_coding_sessions', { agent: 'cursor' })).isError, true);
  });

  it('reads a session: tools with decisions, and the transcript with its text quoted as data', async () => {
    const result = await runTool(ctx, 'get_coding_session', { sessionId: claudeSession });
    assert.equal(result.isError, undefined, result.text);
    assert.match(result.text, /Tool \S*Bash\S*: 1 call, 0 failed, 1 accepted, 0 rejected; decided by \S*config\S* 1/);
    const prompt = String(named(claude, 'user_prompt')[0]!.prompt);
    const quoted = /⟦(data-[0-9a-f]{8})⟧/.exec(result.text)![1]!;
    assert.ok(result.text.includes(`⟦${quoted}⟧${prompt}⟦/${quoted}⟧`), 'the prompt appears only between the data quotes');
    assert.match(result.text, /answer: ⟦data-[0-9a-f]{8}⟧Done: the command printed hello-from-tool\./);
  });

  it('pages the transcript and refuses unknown sessions with a one-line fix', async () => {
    const past = await runTool(ctx, 'get_coding_session', { sessionId: claudeSession, offset: 5 });
    assert.match(past.text, /Offset 5 is past the last prompt \(1\)/);
    const unknown = await runTool(ctx, 'get_coding_session', { sessionId: 'nope' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /list_coding_sessions/);
  });
});
