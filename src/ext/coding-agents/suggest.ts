// First-run suggestion: a VS Code terminal starts a coding agent that is not set up yet → offer the setup once.
import * as vscode from 'vscode';
import { agentInCommandLine } from '../../core/agents-setup/command-line';
import { agentLabel, type CodingAgentId } from '../../core/agents-setup/agents';

export const SUGGESTION_STATE_KEY = 'agentTraceLens.codingAgents.suggestion';

interface SuggestionState {
  /** "Don't ask again" was chosen. */
  never: boolean;
  /** Agents already offered (asked once each). */
  offered: CodingAgentId[];
}

/** Shows the offer; resolves with the button chosen (tests replace it). */
export type SuggestionNotifier = (message: string, actions: string[]) => Thenable<string | undefined>;

export const SET_UP = 'Set Up…';
export const NEVER = "Don't Ask Again";

export interface SuggestionDeps {
  globalState: vscode.Memento;
  isSetUp(agent: CodingAgentId): Promise<boolean>;
  openSetup(agent: CodingAgentId): Thenable<unknown>;
  notifier(): SuggestionNotifier;
}

/** Looks at one command line; resolves with the agent offered, or null when nothing was shown. */
export async function suggestForCommandLine(commandLine: string, deps: SuggestionDeps): Promise<CodingAgentId | null> {
  const agent = agentInCommandLine(commandLine);
  if (!agent) return null;
  const state = deps.globalState.get<SuggestionState>(SUGGESTION_STATE_KEY, { never: false, offered: [] });
  if (state.never || state.offered.includes(agent) || (await deps.isSetUp(agent))) return null;
  // Remembered before showing, so two terminals starting the agent at once ask once.
  await deps.globalState.update(SUGGESTION_STATE_KEY, { ...state, offered: [...state.offered, agent] });
  const choice = await deps.notifier()(
    `${agentLabel(agent)} can send its sessions to Agent Trace Lens (model calls, tools, tokens, cost). Set it up?`,
    [SET_UP, NEVER],
  );
  if (choice === SET_UP) await deps.openSetup(agent);
  else if (choice === NEVER) {
    const latest = deps.globalState.get<SuggestionState>(SUGGESTION_STATE_KEY, state);
    await deps.globalState.update(SUGGESTION_STATE_KEY, { ...latest, never: true });
  }
  return agent;
}

export function resetSuggestions(globalState: vscode.Memento): Thenable<void> {
  return globalState.update(SUGGESTION_STATE_KEY, undefined);
}

export function watchTerminalsForAgents(deps: SuggestionDeps): vscode.Disposable {
  // Only fires in terminals with shell integration; elsewhere the command stays the way in.
  return vscode.window.onDidStartTerminalShellExecution((event) => {
    void suggestForCommandLine(event.execution.commandLine.value, deps).catch(() => undefined);
  });
}
