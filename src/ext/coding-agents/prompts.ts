// The questions the setup asks, behind one interface so the extension-host tests can answer them.
import * as vscode from 'vscode';
import { CODING_AGENTS, type CodingAgentId } from '../../core/agents-setup/agents';
import { COPILOT_OTEL_SECTION, type SettingChange } from '../../core/agents-setup/copilot-settings';
import { previewUri } from './preview';

export interface PortConflict {
  port: number;
  protocol: 'http' | 'grpc';
  /** The port comes from AGENT_TRACE_LENS_*_PORT, so settings cannot move it. */
  fromEnv: boolean;
}

export type PortConflictChoice = 'free-ports' | 'settings' | 'continue';

export interface CodexWriteProposal {
  /** The config file, as shown to the user. */
  path: string;
  before: string;
  after: string;
}

export interface SetupPrompts {
  pickAgents(preselected: ReadonlySet<CodingAgentId>): Promise<CodingAgentId[] | undefined>;
  pickContentCapture(current: boolean): Promise<boolean | undefined>;
  portConflict(conflict: PortConflict): Promise<PortConflictChoice | undefined>;
  confirmCopilotSettings(changes: readonly SettingChange[]): Promise<boolean>;
  confirmCodexWrite(proposal: CodexWriteProposal): Promise<boolean>;
  /** Codex's file has a shape the splice refuses: offer the section to paste by hand. */
  codexUnsupported(reason: string, table: string): Promise<void>;
  done(summary: readonly string[], openTerminal: boolean): Promise<void>;
}

const CONTENT_OFF = "Don't capture content";
const CONTENT_ON = 'Capture content';

export const vscodePrompts: SetupPrompts = {
  async pickAgents(preselected) {
    const items = CODING_AGENTS.map((agent) => ({ label: agent.label, description: agent.how, picked: preselected.has(agent.id), id: agent.id }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      title: 'Agent Trace Lens: Set Up Coding Agents',
      placeHolder: 'Agents to send their telemetry here (unticking a terminal agent removes its variables)',
      ignoreFocusOut: true,
    });
    return picked?.map((item) => item.id);
  },

  async pickContentCapture(current) {
    const items = [
      { label: CONTENT_OFF, description: 'names, timings, tokens, cost and decisions only', detail: current ? undefined : 'current choice' },
      { label: CONTENT_ON, description: 'also prompts, tool arguments and responses', detail: current ? 'current choice' : undefined },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Capture content?',
      placeHolder: 'Prompts, tool arguments and responses stay on this machine; redaction at ingest applies to them either way.',
      ignoreFocusOut: true,
    });
    return picked ? picked.label === CONTENT_ON : undefined;
  },

  async portConflict(conflict) {
    const free = 'Use Free Ports';
    const settings = 'Choose Ports in Settings';
    const go = 'Continue Anyway';
    const how = conflict.fromEnv
      ? `The port comes from ${conflict.protocol === 'grpc' ? 'AGENT_TRACE_LENS_GRPC_PORT' : 'AGENT_TRACE_LENS_HTTP_PORT'}: change it there.`
      : 'Move Agent Trace Lens to other ports: the terminal variables follow, and this setup writes the new ports for Codex and Copilot.';
    const choice = await vscode.window.showWarningMessage(
      `Another program holds port ${conflict.port}, so Agent Trace Lens is not receiving (AI Toolkit / Foundry Toolkit listens on 4317/4318 too).`,
      { modal: true, detail: how },
      ...(conflict.fromEnv ? [go] : [free, settings, go]),
    );
    return choice === free ? 'free-ports' : choice === settings ? 'settings' : choice === go ? 'continue' : undefined;
  },

  async confirmCopilotSettings(changes) {
    const set = 'Set';
    const lines = changes.map((c) => `${COPILOT_OTEL_SECTION}.${c.key} = ${JSON.stringify(c.value)}`);
    const choice = await vscode.window.showInformationMessage(
      'Set these in your user settings so Copilot agent mode sends its telemetry here?',
      { modal: true, detail: lines.join('\n') },
      set,
    );
    return choice === set;
  },

  async confirmCodexWrite(proposal) {
    const before = previewUri(`${proposal.path} (now)`, proposal.before);
    const after = previewUri(`${proposal.path} (with Agent Trace Lens)`, proposal.after);
    await vscode.commands.executeCommand('vscode.diff', before, after, `Codex config.toml: the [otel] section Agent Trace Lens would write`, { preview: true });
    const write = 'Write config.toml';
    const choice = await vscode.window.showInformationMessage(`Write the [otel] section shown in the diff to ${proposal.path}? Nothing else in the file changes.`, write, 'Cancel');
    return choice === write;
  },

  async codexUnsupported(reason, table) {
    const copy = 'Copy Section';
    const choice = await vscode.window.showWarningMessage(`Codex's config.toml was left as it is: ${reason}.`, copy);
    if (choice === copy) await vscode.env.clipboard.writeText(table);
  },

  async done(summary, openTerminal) {
    const open = 'Open New Terminal';
    const choice = await vscode.window.showInformationMessage(summary.join(' '), ...(openTerminal ? [open] : []));
    if (choice === open) vscode.window.createTerminal().show();
  },
};
