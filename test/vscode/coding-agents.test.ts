// "Set Up Coding Agents…" in a real VS Code: the questions answered by stubs, then the terminal
// environment collection, Codex's config.toml in a temporary CODEX_HOME, and the first-run suggestion.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentTraceLensApi } from '../../src/ext/extension';
import type { CodexWriteProposal, SetupPrompts } from '../../src/ext/coding-agents/prompts';
import type { SetupOutcome } from '../../src/ext/coding-agents/setup';
import { runSetup } from '../../src/ext/coding-agents/setup';
import type { TraceService } from '../../src/ext/service';
import type { SettingChange } from '../../src/core/agents-setup/copilot-settings';
import type { CodingAgentId } from '../../src/core/agents-setup/agents';
import { NEVER, SET_UP } from '../../src/ext/coding-agents/suggest';
import { activateExtension, until } from './helpers';

const COMMAND = 'agentTraceLens.setUpCodingAgents';
const USER_CONFIG = [
  '# my Codex settings',
  'model = "gpt-5"   # the one I like',
  '',
  '[otel]',
  'environment = "dev"',
  'exporter = "none"',
  '',
  '# local models',
  '[model_providers.local]',
  'base_url = "http://127.0.0.1:11434/v1"',
  '',
].join('\n');

interface Recorded {
  preselected: CodingAgentId[][];
  codexProposals: CodexWriteProposal[];
  copilotChanges: SettingChange[][];
  summaries: string[][];
}

function answers(choice: { agents?: CodingAgentId[]; content?: boolean; writeCodex?: boolean }, recorded: Recorded): SetupPrompts {
  return {
    pickAgents: async (preselected) => {
      recorded.preselected.push([...preselected]);
      return choice.agents;
    },
    pickContentCapture: async () => choice.content,
    portConflict: async () => 'continue',
    confirmCopilotSettings: async (changes) => {
      recorded.copilotChanges.push([...changes]);
      return true;
    },
    confirmCodexWrite: async (proposal) => {
      recorded.codexProposals.push(proposal);
      return choice.writeCodex === true;
    },
    codexUnsupported: async () => undefined,
    done: async (summary) => {
      recorded.summaries.push([...summary]);
    },
  };
}

describe('coding agents setup', () => {
  let api: AgentTraceLensApi;
  let httpPort: number;
  const grpcPort = Number(process.env.AGENT_TRACE_LENS_GRPC_PORT);
  let codexHome: string;
  const previousCodexHome = process.env.CODEX_HOME;
  let recorded: Recorded;
  const configFile = (): string => join(codexHome, 'config.toml');
  const run = async (choice: Parameters<typeof answers>[0]): Promise<SetupOutcome> => {
    api.codingAgents.setPromptsForTests(answers(choice, recorded));
    const outcome = await vscode.commands.executeCommand<SetupOutcome>(COMMAND);
    assert.ok(outcome, 'the command returns what it did');
    return outcome;
  };

  before(async () => {
    ({ api, httpPort } = await activateExtension());
    codexHome = mkdtempSync(join(tmpdir(), 'atl-codex-home-'));
    process.env.CODEX_HOME = codexHome;
    writeFileSync(configFile(), USER_CONFIG);
  });
  beforeEach(() => {
    recorded = { preselected: [], codexProposals: [], copilotChanges: [], summaries: [] };
  });
  after(async () => {
    api.codingAgents.setPromptsForTests(null);
    api.codingAgents.setNotifierForTests(null);
    const config = vscode.workspace.getConfiguration('agentTraceLens');
    await config.update('codingAgents.terminalAgents', undefined, vscode.ConfigurationTarget.Global);
    await config.update('codingAgents.captureContent', undefined, vscode.ConfigurationTarget.Global);
    if (previousCodexHome === undefined) delete process.env.CODEX_HOME;
    else process.env.CODEX_HOME = previousCodexHome;
    rmSync(codexHome, { recursive: true, force: true });
  });

  it('terminal agents get their variables at the receiver ports; Codex [otel] is written after the preview is accepted', async () => {
    const outcome = await run({ agents: ['claude-code', 'codex', 'gemini-cli', 'copilot-cli'], content: false, writeCodex: true });
    assert.equal(outcome.codex, 'written');
    assert.deepEqual(outcome.terminalAgents, ['claude-code', 'gemini-cli', 'copilot-cli']);

    const env = await until('agent variables in the terminal environment', () => {
      const e = api.terminalEnv();
      return e.CLAUDE_CODE_ENABLE_TELEMETRY ? e : null;
    });
    assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, `http://127.0.0.1:${httpPort}`);
    assert.equal(env.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');
    assert.equal(env.OTEL_LOGS_EXPORTER, 'otlp');
    assert.equal(env.GEMINI_TELEMETRY_OTLP_ENDPOINT, `http://127.0.0.1:${grpcPort}`);
    assert.equal(env.GEMINI_TELEMETRY_OTLP_PROTOCOL, 'grpc');
    assert.equal(env.GEMINI_TELEMETRY_LOG_PROMPTS, 'false');
    assert.equal(env.COPILOT_OTEL_ENABLED, 'true');
    assert.equal(env.OTEL_LOG_USER_PROMPTS, undefined, 'no content unless chosen');

    const written = readFileSync(configFile(), 'utf8');
    assert.equal(recorded.codexProposals.length, 1);
    assert.equal(recorded.codexProposals[0]!.before, USER_CONFIG);
    assert.equal(recorded.codexProposals[0]!.after, written, 'what was previewed is what was written');
    assert.match(written, new RegExp(`exporter = \\{ otlp-http = \\{ endpoint = "http://127\\.0\\.0\\.1:${httpPort}/v1/logs", protocol = "json" \\} \\}`));
    assert.match(written, new RegExp(`trace_exporter = .*:${httpPort}/v1/traces`));
    assert.match(written, /^log_user_prompt = false$/m);
    assert.doesNotMatch(written, /exporter = "none"/);
    for (const kept of ['# my Codex settings', 'model = "gpt-5"   # the one I like', 'environment = "dev"', '# local models\n[model_providers.local]\nbase_url = "http://127.0.0.1:11434/v1"\n']) {
      assert.ok(written.includes(kept), `kept: ${kept}`);
    }
  });

  it('content capture on: the content variables and log_user_prompt follow; declining the write leaves the file', async () => {
    const before = readFileSync(configFile(), 'utf8');
    const outcome = await run({ agents: ['claude-code', 'codex', 'gemini-cli'], content: true, writeCodex: false });
    assert.equal(outcome.codex, 'declined');
    assert.match(recorded.codexProposals[0]!.after, /^log_user_prompt = true$/m);
    assert.equal(readFileSync(configFile(), 'utf8'), before, 'nothing written without consent');
    const env = await until('content variables', () => (api.terminalEnv().OTEL_LOG_USER_PROMPTS === '1' ? api.terminalEnv() : null));
    assert.equal(env.OTEL_LOG_TOOL_DETAILS, '1');
    assert.equal(env.GEMINI_TELEMETRY_LOG_PROMPTS, 'true');
    assert.equal(env.COPILOT_OTEL_ENABLED, undefined, 'Copilot CLI was unticked');
  });

  it('the picker starts from the agents on; unticking all leaves only the plain OTLP variables', async () => {
    await run({ agents: [], content: false });
    assert.deepEqual(recorded.preselected[0]!.sort(), ['claude-code', 'gemini-cli']);
    await until('agent variables removed', () => api.terminalEnv().CLAUDE_CODE_ENABLE_TELEMETRY === undefined);
    assert.deepEqual(api.terminalEnv(), {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${httpPort}`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    });
  });

  it('cancelling a question changes nothing', async () => {
    const before = readFileSync(configFile(), 'utf8');
    const outcome = await run({ agents: ['claude-code', 'codex'], content: undefined });
    assert.equal(outcome.cancelled, true);
    assert.equal(api.terminalEnv().CLAUDE_CODE_ENABLE_TELEMETRY, undefined);
    assert.equal(readFileSync(configFile(), 'utf8'), before);
  });

  it('Copilot agent mode: proposes enabled (no endpoint: ours is its default port or is written) and reports the result', async () => {
    const outcome = await run({ agents: ['copilot-vscode'], content: false });
    const changes = recorded.copilotChanges[0] ?? [];
    assert.deepEqual(changes.find((c) => c.key === 'enabled'), { key: 'enabled', value: true });
    const endpoint = changes.find((c) => c.key === 'otlpEndpoint');
    if (httpPort === 4318) assert.equal(endpoint, undefined);
    else assert.equal(endpoint?.value, `http://127.0.0.1:${httpPort}`);
    // This VS Code has no Copilot Chat, so its settings are not registered: the setup says so instead of failing.
    const copilot = vscode.extensions.all.some((e) => e.id.toLowerCase() === 'github.copilot-chat');
    assert.equal(outcome.copilotVscode, copilot ? 'written' : 'unavailable');
    assert.ok(recorded.summaries[0]!.some((line) => line.startsWith('Copilot agent mode:')));
  });

  it('a port held by another program: the setup says so and stops before writing files when ports are to be chosen', async () => {
    const conflicted = {
      status: () => ({ state: 'error', httpEndpoint: null, grpcEndpoint: null, error: 'port 4318 in use' }),
      lastProblem: { area: 'receiver', message: 'port 4318 in use', port: { port: 4318, protocol: 'http' } },
      currentSettings: {
        receiver: { host: '127.0.0.1', httpPort: 4318, grpcPort: 4317 },
        portSource: { http: 'setting', grpc: 'setting' },
        codingAgents: { terminalAgents: [], captureContent: false, claudeCodeSpans: true },
      },
    } as unknown as TraceService;
    const conflicts: unknown[] = [];
    const before = readFileSync(configFile(), 'utf8');
    const prompts = { ...answers({ agents: ['codex'], content: false, writeCodex: true }, recorded) };
    prompts.portConflict = async (conflict) => {
      conflicts.push(conflict);
      return 'settings';
    };
    const outcome = await runSetup(conflicted, prompts);
    assert.deepEqual(conflicts, [{ port: 4318, protocol: 'http', fromEnv: false }]);
    assert.equal(outcome.codex, 'skipped');
    assert.equal(recorded.codexProposals.length, 0);
    assert.equal(readFileSync(configFile(), 'utf8'), before);
    assert.ok(outcome.summary.some((line) => /run this setup again/.test(line)));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('first-run suggestion: once per agent, not for agents already set up, never after "Don\'t Ask Again"', async () => {
    await api.codingAgents.resetSuggestions();
    // Codex counts as set up while its config already sends here (as the first test left it).
    assert.equal(await api.codingAgents.suggestFor('codex'), null);
    writeFileSync(configFile(), USER_CONFIG);
    const shown: string[] = [];
    let answer: string | undefined;
    api.codingAgents.setNotifierForTests(async (message) => {
      shown.push(message);
      return answer;
    });
    const config = vscode.workspace.getConfiguration('agentTraceLens');
    await config.update('codingAgents.terminalAgents', ['gemini-cli'], vscode.ConfigurationTarget.Global);
    await until('gemini set up', () => api.terminalEnv().GEMINI_TELEMETRY_ENABLED === 'true');

    assert.equal(await api.codingAgents.suggestFor('git commit -m "ask claude"'), null);
    assert.equal(await api.codingAgents.suggestFor('gemini -p hi'), null, 'already set up');
    assert.equal(shown.length, 0);

    assert.equal(await api.codingAgents.suggestFor('npx -y @openai/codex'), 'codex');
    assert.equal(await api.codingAgents.suggestFor('codex exec hi'), null, 'asked once');
    assert.equal(shown.length, 1);
    assert.match(shown[0]!, /Codex CLI/);

    // "Set Up…" opens the setup with that agent ticked.
    answer = SET_UP;
    api.codingAgents.setPromptsForTests(answers({ agents: undefined }, recorded));
    assert.equal(await api.codingAgents.suggestFor('copilot'), 'copilot-cli');
    assert.ok(recorded.preselected.at(-1)!.includes('copilot-cli'));

    answer = NEVER;
    assert.equal(await api.codingAgents.suggestFor('claude'), 'claude-code');
    await config.update('codingAgents.terminalAgents', undefined, vscode.ConfigurationTarget.Global);
    assert.equal(await api.codingAgents.suggestFor('gemini'), null, "don't ask again");
    assert.equal(shown.length, 3);
  });
});
