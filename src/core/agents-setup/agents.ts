// The coding agents the setup knows, and how each one is turned on (no vscode import).

export type CodingAgentId = 'claude-code' | 'codex' | 'gemini-cli' | 'copilot-cli' | 'copilot-vscode';

/** Agents turned on by variables in VS Code's integrated terminals. */
export type TerminalAgentId = 'claude-code' | 'gemini-cli' | 'copilot-cli';

export interface CodingAgentInfo {
  id: CodingAgentId;
  label: string;
  /** How the setup turns it on, in a few words (shown in the agent picker). */
  how: string;
  /** The program a terminal runs to start it, if it is a terminal agent. */
  command?: string;
}

export const CODING_AGENTS: readonly CodingAgentInfo[] = [
  { id: 'claude-code', label: 'Claude Code', how: 'variables in VS Code terminals', command: 'claude' },
  { id: 'codex', label: 'Codex CLI', how: '[otel] in ~/.codex/config.toml, after you review it', command: 'codex' },
  { id: 'gemini-cli', label: 'Gemini CLI', how: 'variables in VS Code terminals', command: 'gemini' },
  { id: 'copilot-cli', label: 'Copilot CLI', how: 'variables in VS Code terminals', command: 'copilot' },
  { id: 'copilot-vscode', label: 'Copilot agent mode in VS Code', how: 'github.copilot.chat.otel.* in your user settings' },
];

export const TERMINAL_AGENTS: readonly TerminalAgentId[] = ['claude-code', 'gemini-cli', 'copilot-cli'];

export function isTerminalAgent(id: string): id is TerminalAgentId {
  return (TERMINAL_AGENTS as readonly string[]).includes(id);
}

export function isCodingAgentId(id: string): id is CodingAgentId {
  return CODING_AGENTS.some((a) => a.id === id);
}

export function agentLabel(id: CodingAgentId): string {
  return CODING_AGENTS.find((a) => a.id === id)?.label ?? id;
}

/** Keeps the known terminal agents of a setting value, in a stable order, without duplicates. */
export function terminalAgentsOf(value: unknown): TerminalAgentId[] {
  if (!Array.isArray(value)) return [];
  return TERMINAL_AGENTS.filter((id) => value.includes(id));
}
