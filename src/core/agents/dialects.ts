// Which coding agent sent a span or a log record, from its resource and instrumentation scope.
import type { AttrValue, Attributes, InstrumentationScope } from '../model/types';

export type AgentName = 'claude-code' | 'codex' | 'gemini-cli' | 'copilot';

export const AGENT_LABELS: Record<AgentName, string> = {
  'claude-code': 'Claude Code', codex: 'Codex', 'gemini-cli': 'Gemini CLI', copilot: 'GitHub Copilot',
};

/** Span and event attribute written on everything this layer builds or adapts: which agent it came from. */
export const AGENT_KEY = 'trace_lens.agent';
/** On spans this layer built from events: what they stand for (prompt, llm, tool, agent). */
export const SYNTHETIC_KEY = 'trace_lens.synthetic';

function text(v: AttrValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

/** The agent a trace's service name stands for (the service of its root), or null. */
export function agentOfService(service: string | null): AgentName | null {
  if (!service) return null;
  if (service === 'claude-code') return 'claude-code';
  if (service.startsWith('codex')) return 'codex';
  if (service === 'gemini-cli') return 'gemini-cli';
  if (service.startsWith('github-copilot') || service === 'copilot-chat') return 'copilot';
  return null;
}

export function agentOf(resource: Attributes, scope: InstrumentationScope): AgentName | null {
  const service = text(resource['service.name']);
  const scopeName = scope.name;
  if (service === 'claude-code' || scopeName.startsWith('com.anthropic.claude_code')) return 'claude-code';
  if (service.startsWith('codex') || scopeName.startsWith('codex_otel')) return 'codex';
  if (service === 'gemini-cli' || scopeName === 'gemini-cli') return 'gemini-cli';
  if (service.startsWith('github-copilot') || service === 'copilot-chat' || scopeName.startsWith('copilot')) return 'copilot';
  return null;
}
