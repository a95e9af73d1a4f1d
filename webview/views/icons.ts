import type { SpanKindLabel } from '../../src/core/model/types';

const KIND_ICONS: Record<SpanKindLabel, string> = {
  llm: 'sparkle',
  embedding: 'symbol-array',
  tool: 'tools',
  agent: 'hubot',
  workflow: 'type-hierarchy',
  retrieval: 'search',
  rerank: 'list-ordered',
  guardrail: 'shield',
  evaluator: 'checklist',
  prompt: 'comment',
  memory: 'database',
  other: 'circle-outline',
};

export function kindIcon(kind: SpanKindLabel): string {
  return `codicon codicon-${KIND_ICONS[kind] ?? 'circle-outline'}`;
}
