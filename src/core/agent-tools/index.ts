// Tools that let coding agents debug with traces. One implementation; the VS Code Language Model tools
// (src/ext/agent-tools.ts) and the `trace-lens mcp` server (src/cli/mcp.ts) are front doors to it.
import { safeLine } from '../text/safe-text';
import { checkContractsTool } from './check-contracts';
import { getCodingSessionTool, listCodingSessionsTool } from './coding-sessions';
import { spansAtCodeLocationTool } from './spans-at-code-location';
import { compareTracesTool } from './compare-traces';
import { getSpanTool } from './get-span';
import { getTraceTool } from './get-trace';
import { listTracesTool } from './list-traces';
import { searchSpanContentTool } from './search-content';
import { ToolInputError, type AgentTool, type ToolContext, type ToolResult } from './types';

export const AGENT_TOOLS: readonly AgentTool[] = [
  listTracesTool, getTraceTool, getSpanTool, checkContractsTool, compareTracesTool, spansAtCodeLocationTool, searchSpanContentTool,
  listCodingSessionsTool, getCodingSessionTool,
];

export function findTool(name: string): AgentTool | undefined {
  return AGENT_TOOLS.find((t) => t.name === name);
}

const QUOTED = /\u27e6data-[0-9a-f]{8}\u27e7[\s\S]*?\u27e6\/data-[0-9a-f]{8}\u27e7/g;
const TOOL_NAMES = new RegExp(`\\b(${AGENT_TOOLS.map((t) => t.name).join('|')})\\b`, 'g');

/**
 * The same text with tool names as another front door calls them (VS Code prefixes them). Quoted span
 * content is left exactly as recorded.
 */
export function renameTools(text: string, rename: (name: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(QUOTED)) {
    out += text.slice(last, m.index).replace(TOOL_NAMES, (n) => rename(n)) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(TOOL_NAMES, (n) => rename(n));
}

/** Run a tool; bad arguments and unknown names come back as an error result, never as a throw. */
export async function runTool(ctx: ToolContext, name: string, input: unknown): Promise<ToolResult> {
  const tool = findTool(name);
  if (!tool) return { text: `Unknown tool "${safeLine(name, 80)}". Tools: ${AGENT_TOOLS.map((t) => t.name).join(', ')}.`, data: {}, isError: true };
  const args = input === undefined || input === null ? {} : input;
  try {
    if (typeof args !== 'object' || Array.isArray(args)) throw new ToolInputError('arguments must be a JSON object');
    return await tool.run(ctx, args as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ToolInputError) return { text: `${tool.name}: ${error.message}`, data: { error: error.message }, isError: true };
    // Unexpected: said in one short line (an error message may echo a whole argument).
    const message = safeLine(error instanceof Error ? error.message : String(error), 300);
    return { text: `${tool.name} failed: ${message}`, data: { error: message }, isError: true };
  }
}

export { getTraceTool } from './get-trace';
export { CheckedContracts, DEFAULT_CONTRACT_FILES, contractFilesSet } from './contracts-source';
export { FsWorkspace, type FsWorkspaceOptions, type WorkspaceView } from './workspace';
export { DEFAULT_MAX_TOKENS, MAX_MAX_TOKENS, MIN_MAX_TOKENS, estimateTokens } from './budget';
export { Quoter, sanitizeContent } from './quote';
export { cleanText, isBareLabel, labelText, safeLine } from '../text/safe-text';
export type { AgentTool, ToolContracts, JsonSchema, ToolContext, ToolResult, ToolStore } from './types';
export { ToolInputError } from './types';
