// The agent tools in VS Code: Language Model tools agent mode can call (the implementation is
// src/core/agent-tools), and an MCP server definition that starts `trace-lens mcp` on the same store.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import {
  AGENT_TOOLS, CheckedContracts, DEFAULT_MAX_TOKENS, FsWorkspace, MAX_MAX_TOKENS, MIN_MAX_TOKENS, renameTools, runTool,
  type ToolContext, type ToolStore,
} from '../core/agent-tools';
import type { ContractSet } from '../core/contracts';
import { readLinkSettings } from '../core/links/link-settings';
import { lmToolName } from './agent-tool-names';
import { SECTION } from './settings';

export const MCP_PROVIDER_ID = 'agentTraceLens.traces';
export const MAX_TOKENS_SETTING = 'agentTools.maxTokens';
export const COPY_MCP_COMMAND = 'agentTraceLens.copyMcpServerCommand';

/** A POSIX-shell word. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface AgentToolsDeps {
  /** The running store, or null while it starts or after it failed. */
  store(): ToolStore | null;
  contractSet(): ContractSet;
  /** Contract files in use (for the MCP server's --contracts). */
  contractFiles(): vscode.Uri[];
  workloadKey(): string;
  storagePath(): string;
}

function configuredBudget(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>(MAX_TOKENS_SETTING, DEFAULT_MAX_TOKENS);
  return typeof value === 'number' && Number.isInteger(value) ? Math.min(MAX_MAX_TOKENS, Math.max(MIN_MAX_TOKENS, value)) : DEFAULT_MAX_TOKENS;
}

function currentWorkspace(): FsWorkspace {
  const config = vscode.workspace.getConfiguration(SECTION);
  const links = readLinkSettings(<T>(key: string, value: T) => config.get<T>(key, value));
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  return new FsWorkspace(roots, { pathMappings: links.pathMappings, promptGlobs: links.promptGlobs });
}

export interface AgentToolsHandle extends vscode.Disposable {
  /** What the MCP server definition provider currently offers (for tests and diagnostics). */
  mcpServerDefinitions(): vscode.McpStdioServerDefinition[];
}

export function registerAgentTools(context: vscode.ExtensionContext, deps: AgentToolsDeps): AgentToolsHandle {
  const contracts = new CheckedContracts(deps.contractSet, deps.workloadKey);
  let workspace: FsWorkspace | null = null;
  const changed = new vscode.EventEmitter<void>();
  const disposables: vscode.Disposable[] = [changed];
  disposables.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => { workspace = null; changed.fire(); }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      workspace = null;
      changed.fire();
    }),
  );

  for (const tool of AGENT_TOOLS) {
    disposables.push(vscode.lm.registerTool<Record<string, unknown>>(lmToolName(tool.name), {
      prepareInvocation: () => ({ invocationMessage: `Agent Trace Lens: ${tool.title.toLowerCase()}` }),
      invoke: async (options, token) => {
        const store = deps.store();
        if (!store) throw new Error('The Agent Trace Lens store is not open yet (it starts with the extension); try again in a moment.');
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          const hint = options.tokenizationOptions?.tokenBudget;
          const budget = hint && hint >= MIN_MAX_TOKENS ? Math.min(configuredBudget(), hint) : configuredBudget();
          const ctx: ToolContext = { store, contracts, workspace: (workspace ??= currentWorkspace()), maxTokens: budget, signal: abort.signal };
          const result = await runTool(ctx, tool.name, options.input);
          const text = renameTools(result.text, lmToolName);
          // An error thrown from invoke is what VS Code hands the model as a failed tool call.
          if (result.isError) throw new Error(text);
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
        } finally {
          cancel.dispose();
        }
      },
    }));
  }

  const cliJs = path.join(context.extensionPath, 'dist', 'cli.js');
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const firstFolder = (): vscode.WorkspaceFolder | undefined => vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  /** `mcp` and its options: the editor's store, workspace and contract files. */
  const mcpArgs = (): string[] => {
    const folder = firstFolder();
    const args = ['mcp', '--db', deps.storagePath(), '--workload-key', deps.workloadKey(), '--max-tokens', String(configuredBudget())];
    if (folder) args.push('--workspace', folder.uri.fsPath);
    for (const file of deps.contractFiles()) if (file.scheme === 'file') args.push('--contracts', file.fsPath);
    return args;
  };
  const definitions = (): vscode.McpStdioServerDefinition[] => {
    if (!existsSync(cliJs)) return [];
    const folder = firstFolder();
    // The editor's own Node.js runs the bundled CLI; in desktop VS Code that binary is Electron, hence the variable.
    const definition = new vscode.McpStdioServerDefinition('Agent Trace Lens', process.execPath, [cliJs, ...mcpArgs()], { ELECTRON_RUN_AS_NODE: '1' }, version);
    if (folder) definition.cwd = folder.uri;
    return [definition];
  };
  disposables.push(vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: definitions,
  }));
  // For MCP clients outside VS Code (Claude Code, Cursor, ...): the same server as a shell command line. It runs the
  // published CLI of this version through npx, so it keeps working after the extension's folder changes with an update.
  disposables.push(vscode.commands.registerCommand(COPY_MCP_COMMAND, async (): Promise<string> => {
    const line = ['npx', '-y', `trace-lens@${version}`, ...mcpArgs()].map(shellQuote).join(' ');
    await vscode.env.clipboard.writeText(line);
    void vscode.window.showInformationMessage('Agent Trace Lens: MCP server command copied (for example: claude mcp add trace-lens -- <paste>).');
    return line;
  }));
  const disposable = vscode.Disposable.from(...disposables);
  return { dispose: () => disposable.dispose(), mcpServerDefinitions: definitions };
}
