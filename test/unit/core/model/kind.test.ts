import { test } from 'node:test';
import assert from 'node:assert/strict';
import { norm } from './span-builder';

test('kind: OTel gen_ai.operation.name values', () => {
  const cases: [string, string][] = [
    ['chat', 'llm'], ['text_completion', 'llm'], ['generate_content', 'llm'], ['embeddings', 'embedding'],
    ['execute_tool', 'tool'], ['invoke_agent', 'agent'], ['create_agent', 'agent'], ['invoke_workflow', 'workflow'],
    ['retrieval', 'retrieval'], ['search_memory', 'memory'], ['delete_memory_store', 'memory'], ['plan', 'agent'],
  ];
  for (const [op, kind] of cases) assert.equal(norm({ 'gen_ai.operation.name': op }).kind, kind, op);
});

test('kind: OpenInference, Traceloop, Vercel, Langfuse, LangSmith, MCP vocabularies', () => {
  assert.equal(norm({ 'openinference.span.kind': 'LLM' }).kind, 'llm');
  assert.equal(norm({ 'openinference.span.kind': 'CHAIN' }).kind, 'workflow');
  assert.equal(norm({ 'openinference.span.kind': 'RETRIEVER' }).kind, 'retrieval');
  assert.equal(norm({ 'openinference.span.kind': 'RERANKER' }).kind, 'rerank');
  assert.equal(norm({ 'openinference.span.kind': 'GUARDRAIL' }).kind, 'guardrail');
  assert.equal(norm({ 'openinference.span.kind': 'EVALUATOR' }).kind, 'evaluator');
  assert.equal(norm({ 'openinference.span.kind': 'PROMPT' }).kind, 'prompt');
  assert.equal(norm({ 'traceloop.span.kind': 'task' }).kind, 'workflow');
  assert.equal(norm({ 'traceloop.span.kind': 'agent' }).kind, 'agent');
  assert.equal(norm({ 'llm.request.type': 'completion' }).kind, 'llm');
  assert.equal(norm({ 'ai.operationId': 'ai.streamText.doStream' }).kind, 'llm');
  assert.equal(norm({ 'ai.operationId': 'ai.embedMany.doEmbed' }).kind, 'embedding');
  assert.equal(norm({ 'ai.operationId': 'ai.toolCall' }).kind, 'tool');
  assert.equal(norm({ 'ai.operationId': 'ai.generateText' }).kind, 'workflow');
  assert.equal(norm({ 'langfuse.observation.type': 'generation' }).kind, 'llm');
  assert.equal(norm({ 'langsmith.span.kind': 'retriever' }).kind, 'retrieval');
  assert.equal(norm({ 'langsmith.span.kind': 'prompt' }).kind, 'prompt');
  assert.equal(norm({ 'mcp.method.name': 'tools/call' }).kind, 'tool');
  assert.equal(norm({ 'mcp.method.name': 'prompts/get' }).kind, 'prompt');
  assert.equal(norm({ 'mcp.method.name': 'initialize' }).kind, 'other');
});

test('kind: first recognised key wins; unknown values fall through to the next vocabulary', () => {
  assert.equal(norm({ 'gen_ai.operation.name': 'chat', 'openinference.span.kind': 'TOOL' }).kind, 'llm');
  assert.equal(norm({ 'gen_ai.operation.name': 'frobnicate', 'openinference.span.kind': 'TOOL' }).kind, 'tool');
  assert.equal(norm({ 'langfuse.observation.type': 'span' }).kind, 'other');
});

test('kind: modest inference from span name prefixes when no vocabulary says', () => {
  assert.equal(norm({}, { name: 'chat gpt-4o' }).kind, 'llm');
  assert.equal(norm({}, { name: 'execute_tool get_weather' }).kind, 'tool');
  assert.equal(norm({}, { name: 'invoke_agent planner' }).kind, 'agent');
  assert.equal(norm({}, { name: 'embeddings text-embedding-3-small' }).kind, 'embedding');
  assert.equal(norm({}, { name: 'chatter box' }).kind, 'other');
  assert.equal(norm({}, { name: 'GET /api' }).kind, 'other');
  assert.equal(norm({ 'gen_ai.tool.name': 'lookup' }, { name: 'lookup' }).kind, 'tool');
});
