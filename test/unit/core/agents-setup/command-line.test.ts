import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentInCommandLine, simpleCommands } from '../../../../src/core/agents-setup/command-line';

test('the agents started by name, path, package runner or after assignments', () => {
  const cases: [string, string | null][] = [
    ['claude', 'claude-code'],
    ['claude -p "fix the build" --allowedTools Bash', 'claude-code'],
    ['/usr/local/bin/codex exec "hi"', 'codex'],
    ['C:\\Users\\me\\AppData\\Roaming\\npm\\gemini.cmd', 'gemini-cli'],
    ['copilot', 'copilot-cli'],
    ['npx -y @openai/codex@0.169.0', 'codex'],
    ['pnpm dlx @google/gemini-cli -p hi', 'gemini-cli'],
    ['bunx @anthropic-ai/claude-code', 'claude-code'],
    ['npm exec -- @github/copilot', 'copilot-cli'],
    ['ANTHROPIC_BASE_URL=http://x claude', 'claude-code'],
    ['env -i FOO=1 gemini', 'gemini-cli'],
    ['cd app && codex', 'codex'],
    ['time claude -c', 'claude-code'],
  ];
  for (const [line, agent] of cases) assert.equal(agentInCommandLine(line), agent, line);
});

test('mentions that do not start an agent are not matched', () => {
  for (const line of [
    'git commit -m "ask claude later"',
    'echo codex',
    'cat ~/.codex/config.toml',
    'npm install -g @openai/codex',
    'claude-monitor',
    'ls gemini',
    'gh copilot suggest',
    '',
  ]) {
    assert.equal(agentInCommandLine(line), null, line);
  }
});

test('command lines split at separators and keep quoted text whole', () => {
  assert.deepEqual(simpleCommands(`a 'b c' "d \\"e\\"" && f | g; h`), [['a', 'b c', 'd "e"'], ['f'], ['g'], ['h']]);
});
