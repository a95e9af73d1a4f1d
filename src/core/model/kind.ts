// Span kind: the first vocabulary key whose value we recognise wins; otherwise a modest guess from the name.
import { attrKey, attrKeys, type AttrReader } from './attributes';
import type { SpanKindLabel } from './types';

export const KIND_KEY_NAMES = [
  'gen_ai.operation.name',
  'openinference.span.kind',
  'traceloop.span.kind',
  'llm.request.type',
  'ai.operationId',
  'langfuse.observation.type',
  'langsmith.span.kind',
  'mcp.method.name',
] as const;
const KIND_KEYS = attrKeys(KIND_KEY_NAMES);
const TOOL_NAME = attrKey('gen_ai.tool.name');

const KIND_VALUES: Record<SpanKindLabel | 'plan', readonly string[]> = {
  llm: ['chat', 'text_completion', 'generate_content', 'LLM', 'generation', 'llm', 'completion',
    'ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.generateObject.doGenerate', 'ai.streamObject.doStream'],
  embedding: ['embeddings', 'EMBEDDING', 'embedding', 'ai.embed.doEmbed', 'ai.embedMany.doEmbed'],
  tool: ['execute_tool', 'TOOL', 'tool', 'ai.toolCall', 'tools/call'],
  agent: ['invoke_agent', 'create_agent', 'AGENT', 'agent'],
  // Vercel's outer calls (ai.generateText, ai.embed, ...) wrap the provider calls and repeat their summed usage.
  workflow: ['invoke_workflow', 'CHAIN', 'workflow', 'task', 'chain', 'agent_step', 'ai.generateText', 'ai.streamText',
    'ai.generateObject', 'ai.streamObject', 'ai.embed', 'ai.embedMany'],
  retrieval: ['retrieval', 'RETRIEVER', 'retriever'],
  prompt: ['PROMPT', 'prompts/get'],
  guardrail: ['GUARDRAIL', 'guardrail'],
  evaluator: ['EVALUATOR', 'evaluator'],
  rerank: ['rerank', 'RERANKER'],
  // A planning step belongs to the agent doing the planning.
  plan: ['plan'],
  memory: ['search_memory', 'create_memory', 'update_memory', 'upsert_memory', 'delete_memory', 'create_memory_store',
    'delete_memory_store'],
  other: [],
};

const EXACT = new Map<string, SpanKindLabel>();
const LOWER = new Map<string, SpanKindLabel>();
for (const [label, values] of Object.entries(KIND_VALUES)) {
  const kind = (label === 'plan' ? 'agent' : label) as SpanKindLabel;
  for (const v of values) {
    EXACT.set(v, kind);
    if (!LOWER.has(v.toLowerCase())) LOWER.set(v.toLowerCase(), kind);
  }
}

/** Kind for one vocabulary value (exact, then case-insensitive); null when unknown. */
export function kindFromValue(value: string): SpanKindLabel | null {
  return EXACT.get(value) ?? LOWER.get(value.toLowerCase()) ?? null;
}

// OTel GenAI span names are "{operation} {target}"; only well-known operations are trusted.
const NAME_PREFIXES: readonly [string, SpanKindLabel][] = [
  ['chat', 'llm'], ['text_completion', 'llm'], ['generate_content', 'llm'], ['embeddings', 'embedding'],
  ['execute_tool', 'tool'], ['invoke_agent', 'agent'], ['create_agent', 'agent'], ['invoke_workflow', 'workflow'],
  ['retrieval', 'retrieval'],
];

function kindFromName(name: string): SpanKindLabel | null {
  for (const [prefix, kind] of NAME_PREFIXES) {
    if (name.startsWith(prefix) && (name.length === prefix.length || name.charCodeAt(prefix.length) === 32)) return kind;
  }
  return null;
}

export function inferKind(r: AttrReader, name: string): SpanKindLabel {
  for (const key of KIND_KEYS) {
    const v = r.get(key);
    if (typeof v === 'string' && v.length > 0) {
      const kind = kindFromValue(v);
      if (kind) return kind;
    }
  }
  const byName = kindFromName(name);
  if (byName) return byName;
  if (typeof r.get(TOOL_NAME) === 'string') return 'tool';
  return 'other';
}
