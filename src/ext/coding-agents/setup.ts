// The "Set Up Coding Agents…" flow: pick agents, choose content capture, then turn each agent on its own way.
import * as vscode from 'vscode';
import { agentLabel, isTerminalAgent, type CodingAgentId, type TerminalAgentId } from '../../core/agents-setup/agents';
import { SECTION, httpEndpoint, grpcEndpoint } from '../settings';
import type { TraceService } from '../service';
import { planCodexConfig, writeCodexConfig, displayPath } from './codex-config';
import { applyCopilotChatChanges, copilotChatChanges } from './copilot-chat';
import { currentPortConflict, moveToFreePorts, openPortSettings } from './ports';
import type { SetupPrompts } from './prompts';

export type StepOutcome = 'written' | 'unchanged' | 'declined' | 'unavailable' | 'unsupported' | 'skipped';

export interface SetupOutcome {
  cancelled: boolean;
  agents: CodingAgentId[];
  terminalAgents: TerminalAgentId[];
  captureContent: boolean;
  codex: StepOutcome;
  copilotVscode: StepOutcome;
  /** What the user was told at the end, one sentence each. */
  summary: string[];
}

const CANCELLED: SetupOutcome = {
  cancelled: true, agents: [], terminalAgents: [], captureContent: false, codex: 'skipped', copilotVscode: 'skipped', summary: [],
};

/** Where agents should send: the listening receiver, else the configured ports (none when a port is 0 = chosen at start). */
function endpointsToWrite(service: TraceService): { http: string; grpc: string | null } | null {
  const status = service.status();
  if (status.httpEndpoint) return { http: status.httpEndpoint, grpc: status.grpcEndpoint };
  const { host, httpPort, grpcPort } = service.currentSettings.receiver;
  if (httpPort === 0) return null;
  return { http: httpEndpoint(host, httpPort), grpc: grpcPort === 0 ? null : grpcEndpoint(host, grpcPort) };
}

export async function runSetup(service: TraceService, prompts: SetupPrompts, preselect?: CodingAgentId): Promise<SetupOutcome> {
  const settings = service.currentSettings.codingAgents;
  const preselected = new Set<CodingAgentId>(settings.terminalAgents);
  if (preselect) preselected.add(preselect);
  const agents = await prompts.pickAgents(preselected);
  if (!agents) return CANCELLED;
  const captureContent = await prompts.pickContentCapture(settings.captureContent);
  if (captureContent === undefined) return CANCELLED;

  const summary: string[] = [];
  let writeFiles = true;
  const conflict = currentPortConflict(service);
  if (conflict) {
    const choice = await prompts.portConflict(conflict);
    if (!choice) return CANCELLED;
    if (choice === 'free-ports') {
      await moveToFreePorts(service);
      const address = service.status().httpEndpoint;
      summary.push(address ? `Agent Trace Lens now listens on ${address}.` : 'Agent Trace Lens could not listen on the new ports either.');
    } else if (choice === 'settings') {
      await openPortSettings();
      writeFiles = false;
      summary.push('Terminal variables follow the ports you choose; run this setup again afterwards for Codex and Copilot agent mode.');
    }
  }

  const terminalAgents = agents.filter(isTerminalAgent);
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('codingAgents.terminalAgents', terminalAgents, vscode.ConfigurationTarget.Global);
  await config.update('codingAgents.captureContent', captureContent, vscode.ConfigurationTarget.Global);
  if (terminalAgents.length > 0) {
    summary.push(`${terminalAgents.map(agentLabel).join(', ')}: set up in new VS Code terminals (open a new one, or relaunch the old ones).`);
  }

  const endpoints = writeFiles ? endpointsToWrite(service) : null;
  let copilotVscode: StepOutcome = 'skipped';
  if (agents.includes('copilot-vscode')) {
    if (!endpoints) {
      if (writeFiles) summary.push('Copilot agent mode: skipped, the receiver has no fixed HTTP port.');
    } else {
      const changes = copilotChatChanges(endpoints.http, captureContent);
      if (changes.length === 0) copilotVscode = 'unchanged';
      else if (!(await prompts.confirmCopilotSettings(changes))) copilotVscode = 'declined';
      else copilotVscode = (await applyCopilotChatChanges(changes)) ? 'written' : 'unavailable';
      const said = {
        written: 'Copilot agent mode: user settings set.',
        unchanged: 'Copilot agent mode: already set up.',
        declined: 'Copilot agent mode: left as it was.',
        unavailable: "Copilot agent mode: this VS Code does not know Copilot Chat's settings (is GitHub Copilot Chat installed?).",
        unsupported: '',
        skipped: '',
      }[copilotVscode];
      if (said) summary.push(said);
    }
  }

  let codex: StepOutcome = 'skipped';
  if (agents.includes('codex')) {
    if (!endpoints) {
      if (writeFiles) summary.push('Codex: skipped, the receiver has no fixed HTTP port.');
    } else {
      const plan = await planCodexConfig({ httpEndpoint: endpoints.http, logUserPrompt: captureContent });
      const shown = displayPath(plan.path);
      if (plan.splice.kind === 'unsupported') {
        codex = 'unsupported';
        await prompts.codexUnsupported(plan.splice.reason, plan.table);
      } else if (plan.splice.kind === 'unchanged') {
        codex = 'unchanged';
        summary.push(`Codex: ${shown} already sends here.`);
      } else if (!(await prompts.confirmCodexWrite({ path: shown, before: plan.before, after: plan.splice.text }))) {
        codex = 'declined';
        summary.push(`Codex: ${shown} left as it was.`);
      } else if ((await writeCodexConfig(plan, plan.splice.text)) === 'written') {
        codex = 'written';
        summary.push(`Codex: [otel] written to ${shown}.`);
      } else {
        codex = 'declined';
        summary.push(`Codex: ${shown} changed while you reviewed it, so nothing was written; run the setup again.`);
      }
    }
  }

  if (agents.length === 0) summary.push('No coding agent is set up for VS Code terminals now.');
  summary.push(captureContent ? 'Content is captured (redacted at ingest).' : 'No content is captured.');
  await prompts.done(summary, terminalAgents.length > 0);
  return { cancelled: false, agents, terminalAgents, captureContent, codex, copilotVscode, summary };
}
