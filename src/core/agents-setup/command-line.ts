// Which coding agent a shell command line starts, if any.

import type { CodingAgentId } from './agents';

const AGENT_BY_PROGRAM: Record<string, CodingAgentId> = {
  claude: 'claude-code',
  codex: 'codex',
  gemini: 'gemini-cli',
  copilot: 'copilot-cli',
};

const AGENT_BY_PACKAGE: Record<string, CodingAgentId> = {
  '@anthropic-ai/claude-code': 'claude-code',
  '@openai/codex': 'codex',
  '@google/gemini-cli': 'gemini-cli',
  '@github/copilot': 'copilot-cli',
};

/** Runners whose next word (after their own flags) is the program or package they start. */
const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'env', 'command', 'exec', 'time', 'nohup', 'sudo']);
const RUNNER_SUBCOMMANDS: Record<string, Set<string>> = {
  pnpm: new Set(['dlx', 'exec']),
  yarn: new Set(['dlx', 'exec']),
  npm: new Set(['exec', 'x']),
  bun: new Set(['x']),
};

const ESCAPABLE = new Set([' ', '\t', '"', "'", '\\', ';', '&', '|', '$', '`']);

/** Splits a command line into simple commands (at `;`, `&&`, `||`, `|`, `&`) and those into words, honouring quotes. */
export function simpleCommands(commandLine: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < commandLine.length; i++) {
    const c = commandLine[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < commandLine.length) word += commandLine[++i];
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && ESCAPABLE.has(commandLine[i + 1] ?? '')) {
      // POSIX escapes a special character; elsewhere (a Windows path) the backslash is literal.
      word += commandLine[++i];
      inWord = true;
    } else if (c === ';' || c === '|' || c === '&' || c === '\n') {
      endCommand();
    } else if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

/** `/usr/bin/claude`, `C:\…\claude.exe`, `claude.cmd` → `claude`. */
function programName(word: string): string {
  const base = word.split(/[\\/]/).pop() ?? word;
  return base.replace(/\.(exe|cmd|bat|ps1|js|mjs)$/i, '').toLowerCase();
}

/** `@openai/codex@0.169.0` → `@openai/codex`. */
function packageName(word: string): string {
  const at = word.indexOf('@', 1);
  return (at > 0 ? word.slice(0, at) : word).toLowerCase();
}

function agentOfCommand(words: readonly string[]): CodingAgentId | null {
  let i = 0;
  // Leading variable assignments: `FOO=1 claude`.
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  while (i < words.length) {
    const word = words[i]!;
    const program = programName(word);
    const agent = AGENT_BY_PROGRAM[program] ?? AGENT_BY_PACKAGE[packageName(word)];
    if (agent) return agent;
    const subcommands = RUNNER_SUBCOMMANDS[program];
    if (subcommands && i + 1 < words.length && subcommands.has(words[i + 1]!)) {
      i += 2;
    } else if (RUNNERS.has(program)) {
      i++;
    } else {
      return null;
    }
    // The runner's own flags and assignments (`npx -y`, `env FOO=1`, `npx --package=x`).
    while (i < words.length && (words[i]!.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!))) i++;
  }
  return null;
}

/** The first coding agent a command line starts as a program (`claude`, `npx @openai/codex`, `FOO=1 gemini -p …`). */
export function agentInCommandLine(commandLine: string): CodingAgentId | null {
  for (const words of simpleCommands(commandLine)) {
    const agent = agentOfCommand(words);
    if (agent) return agent;
  }
  return null;
}
