// `trace-lens mcp`: an MCP server over stdio exposing the agent tools on a store opened read-only, so it
// runs beside the editor or `serve` writing the same folder. stdout carries the protocol only.
import path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CheckedContracts, DEFAULT_CONTRACT_FILES, DEFAULT_MAX_TOKENS, FsWorkspace, MAX_MAX_TOKENS, MIN_MAX_TOKENS,
  contractFilesSet, type ToolContext,
} from '../core/agent-tools';
import { TraceStore } from '../core/store';
import { existingDir, parseCommandArgs, requireDb, stringFlag } from './args';
import { EXIT_OK, UsageError, type CliIo } from './io';
import { createMcpServer } from './mcp-server';
import { CLI_VERSION } from './version';


export const MCP_USAGE = `Usage: trace-lens mcp --db DIR [--contracts FILE...] [--workspace DIR] [--max-tokens N] [--workload-key KEY]

An MCP server on stdin/stdout for coding agents (Claude Code, Cursor, VS Code, ...): tools to list,
read, check and compare the traces in DIR, and each trace as a resource. DIR is opened read-only and
followed while the extension or \`trace-lens serve\` writes it.
  --contracts FILE    contract files to check against (repeatable); default trace-contracts.json
                      and .vscode/trace-contracts.json under the workspace
  --workspace DIR     folder where code locations and prompt files are resolved (default: .)
  --max-tokens N      default answer budget in estimated tokens (default ${DEFAULT_MAX_TOKENS})
  --workload-key KEY  attribute naming the workload (default workload.id)
`;

export async function runMcp(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('mcp', args, {
    db: { type: 'string' }, contracts: { type: 'string', multiple: true }, workspace: { type: 'string' },
    'max-tokens': { type: 'string' }, 'workload-key': { type: 'string' },
  });
  if (parsed.positionals.length > 0) throw new UsageError(`mcp: unexpected argument "${parsed.positionals[0]}"`);
  const dir = requireDb('mcp', parsed);
  const workspace = path.resolve(stringFlag(parsed, 'workspace') ?? '.');
  const rawBudget = stringFlag(parsed, 'max-tokens');
  const maxTokens = rawBudget === undefined ? DEFAULT_MAX_TOKENS : Number(rawBudget);
  if (!/^\d+$/.test(rawBudget ?? '0') || maxTokens < MIN_MAX_TOKENS || maxTokens > MAX_MAX_TOKENS) {
    throw new UsageError(`mcp: --max-tokens must be an integer from ${MIN_MAX_TOKENS} to ${MAX_MAX_TOKENS}`);
  }
  const workloadKey = stringFlag(parsed, 'workload-key');
  const named = (parsed.values.contracts as unknown as string[] | undefined) ?? [];
  existingDir(dir);
  existingDir(workspace);

  const store = await TraceStore.open({
    dir, readOnly: true, ...(workloadKey ? { normalize: { workloadKey } } : {}),
    onWarning: (message) => io.stderr(`trace-lens mcp: ${message}\n`),
  });
  const contractFiles = named.length > 0 ? named.map((f) => path.resolve(f)) : DEFAULT_CONTRACT_FILES.map((f) => path.join(workspace, f));
  const contracts = new CheckedContracts(contractFilesSet(contractFiles, named.length > 0), () => workloadKey ?? 'workload.id');
  const ws = new FsWorkspace([workspace]);
  const context = async (): Promise<ToolContext> => {
    store.refresh();
    return { store, contracts, workspace: ws, maxTokens };
  };
  const server = createMcpServer({ context, version: CLI_VERSION });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.connect(transport);
  io.stderr(`trace-lens mcp: serving ${dir} (read-only) on stdio; workspace ${workspace}; ${contracts.contracts().length} contracts\n`);
  await closed;
  await server.close().catch(() => undefined);
  await store.close();
  return EXIT_OK;
}
