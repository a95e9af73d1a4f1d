// How the agent tools are named in VS Code (no vscode import: the manifest test reads it).
import { AGENT_TOOLS, renameTools, type AgentTool } from '../core/agent-tools';

/** VS Code tool names: the MCP names with a prefix, so they cannot collide with other extensions' tools. */
export const LM_TOOL_PREFIX = 'traceLens_';

export function lmToolName(name: string): string {
  return `${LM_TOOL_PREFIX}${name}`;
}

/** `#traces`, `#trace`, ... in chat. */
const REFERENCE_NAMES: Record<string, string> = {
  list_traces: 'traces',
  get_trace: 'trace',
  get_span: 'span',
  check_contracts: 'traceContracts',
  compare_traces: 'compareTraces',
  spans_at_code_location: 'codeSpans',
  search_span_content: 'searchSpans',
  list_coding_sessions: 'codingSessions',
  get_coding_session: 'codingSession',
};

/** The package.json `languageModelTools` entry of a tool. */
export function languageModelToolEntry(tool: AgentTool): Record<string, unknown> {
  return {
    name: lmToolName(tool.name),
    displayName: tool.title,
    toolReferenceName: REFERENCE_NAMES[tool.name] ?? tool.name,
    canBeReferencedInPrompt: true,
    userDescription: tool.description.split('. ')[0]!.replace(/\.$/, '') + '.',
    modelDescription: renameTools(tool.description, lmToolName),
    tags: ['traces', 'opentelemetry', 'agent-trace-lens'],
    inputSchema: JSON.parse(renameTools(JSON.stringify(tool.inputSchema), lmToolName)) as unknown,
  };
}

export function languageModelToolEntries(): Array<Record<string, unknown>> {
  return AGENT_TOOLS.map(languageModelToolEntry);
}
