// Registers the coding-agents setup: the command, the Codex preview documents and the first-run suggestion.
import * as vscode from 'vscode';
import { isCodingAgentId, isTerminalAgent, type CodingAgentId } from '../../core/agents-setup/agents';
import type { TraceService } from '../service';
import { planCodexConfig } from './codex-config';
import { registerPreviewDocuments } from './preview';
import { vscodePrompts, type SetupPrompts } from './prompts';
import { runSetup, type SetupOutcome } from './setup';
import { resetSuggestions, suggestForCommandLine, watchTerminalsForAgents, type SuggestionDeps, type SuggestionNotifier } from './suggest';

export const SET_UP_CODING_AGENTS_COMMAND = 'agentTraceLens.setUpCodingAgents';

export interface CodingAgentsApi {
  /** Tests: answer the setup's questions (null restores the real dialogs). */
  setPromptsForTests(prompts: SetupPrompts | null): void;
  /** Tests: answer the first-run suggestion (null restores the notification). */
  setNotifierForTests(notifier: SuggestionNotifier | null): void;
  /** What a terminal starting `commandLine` would trigger: the agent offered, or null. */
  suggestFor(commandLine: string): Promise<CodingAgentId | null>;
  /** Forget which agents were offered and "Don't ask again". */
  resetSuggestions(): Thenable<void>;
}

export function registerCodingAgents(context: vscode.ExtensionContext, service: TraceService): CodingAgentsApi {
  let prompts: SetupPrompts | null = null;
  let notifier: SuggestionNotifier | null = null;

  const isSetUp = async (agent: CodingAgentId): Promise<boolean> => {
    if (isTerminalAgent(agent)) return service.currentSettings.codingAgents.terminalAgents.includes(agent);
    const http = service.status().httpEndpoint;
    if (agent !== 'codex' || !http) return false;
    const plan = await planCodexConfig({ httpEndpoint: http, logUserPrompt: service.currentSettings.codingAgents.captureContent });
    return plan.splice.kind === 'unchanged';
  };
  const suggestionDeps: SuggestionDeps = {
    globalState: context.globalState,
    isSetUp,
    openSetup: (agent) => vscode.commands.executeCommand(SET_UP_CODING_AGENTS_COMMAND, agent),
    notifier: () => notifier ?? ((message, actions) => vscode.window.showInformationMessage(message, ...actions)),
  };

  context.subscriptions.push(
    registerPreviewDocuments(),
    vscode.commands.registerCommand(SET_UP_CODING_AGENTS_COMMAND, (agent?: unknown): Promise<SetupOutcome> =>
      runSetup(service, prompts ?? vscodePrompts, typeof agent === 'string' && isCodingAgentId(agent) ? agent : undefined)),
    watchTerminalsForAgents(suggestionDeps),
  );

  return {
    setPromptsForTests: (p) => {
      prompts = p;
    },
    setNotifierForTests: (n) => {
      notifier = n;
    },
    suggestFor: (commandLine) => suggestForCommandLine(commandLine, suggestionDeps),
    resetSuggestions: () => resetSuggestions(context.globalState),
  };
}
