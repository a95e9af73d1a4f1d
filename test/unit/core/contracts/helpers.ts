// Hand-built NormalizedSpans for contract tests (no decoder or normalizer needed).
import assert from 'node:assert/strict';
import { loadContracts } from '../../../../src/core/contracts';
import type { Contract } from '../../../../src/core/contracts';
import type { NormalizedSpan } from '../../../../src/core/model/types';

let counter = 0;

export const MS = 1_000_000n;

/** A span with sensible defaults; times given in ms relative to `base` (default 1.7e18 ns). */
export function makeSpan(partial: Partial<NormalizedSpan> & { startMs?: number; endMs?: number } = {}): NormalizedSpan {
  const { startMs = 0, endMs = startMs + 10, ...rest } = partial;
  const base = 1_700_000_000_000_000_000n;
  counter++;
  const span: NormalizedSpan = {
    traceId: 'a'.repeat(32),
    spanId: counter.toString(16).padStart(16, '0'),
    parentSpanId: null,
    name: `span-${counter}`,
    kind: 'other',
    otelKind: 1,
    service: 'svc',
    startTimeUnixNano: (base + BigInt(startMs) * MS).toString(),
    endTimeUnixNano: (base + BigInt(endMs) * MS).toString(),
    durationMs: endMs - startMs,
    status: 'unset',
    statusMessage: null,
    errorType: null,
    operationName: null,
    provider: null,
    requestModel: null,
    responseModel: null,
    inputTokens: null,
    outputTokens: null,
    totalTokens: null,
    cacheReadTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    costUsd: null,
    finishReasons: null,
    toolName: null,
    toolCallId: null,
    toolArguments: null,
    toolResult: null,
    agentName: null,
    workflowName: null,
    conversationId: null,
    userId: null,
    workloadId: null,
    promptName: null,
    promptVersion: null,
    promptTemplate: null,
    promptVariables: null,
    systemInstructions: null,
    inputMessages: null,
    outputMessages: null,
    retrievalDocuments: null,
    code: null,
    attributes: {},
    events: [],
    links: [],
    resource: { 'service.name': 'svc' },
    scope: { name: 'test', version: '1' },
  };
  return { ...span, ...rest };
}

export interface RefundRunOptions {
  traceId?: string;
  /** Start of the run in ms (relative to the helper's base time). */
  atMs?: number;
  /** Span names to leave out. */
  omit?: string[];
  /** llm.generate carries no token counts. */
  llmWithoutTokens?: boolean;
  /** How many identical citation_check calls (default 1). */
  citationCalls?: number;
}

/** A run of the example refund bot as its instrumentation emits it. */
export function refundRun(opts: RefundRunOptions = {}): NormalizedSpan[] {
  const traceId = opts.traceId ?? 'b'.repeat(32);
  const t = opts.atMs ?? 0;
  const omit = new Set(opts.omit ?? []);
  const root = makeSpan({
    traceId, name: 'refund.answer', kind: 'agent', startMs: t, endMs: t + 2500, service: 'refund-bot',
    workloadId: 'refund-bot', attributes: { 'workload.id': 'refund-bot' }, agentName: 'refund-bot',
  });
  const child = (p: Partial<NormalizedSpan> & { startMs: number; endMs: number }): NormalizedSpan =>
    makeSpan({ traceId, parentSpanId: root.spanId, service: 'refund-bot', workloadId: 'refund-bot', ...p, startMs: t + p.startMs, endMs: t + p.endMs });
  const spans = [root];
  spans.push(child({
    name: 'query.rewrite', kind: 'llm', startMs: 10, endMs: 300, provider: 'openai', requestModel: 'gpt-4o-mini',
    inputTokens: 120, outputTokens: 30, attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30 },
  }));
  spans.push(child({ name: 'retrieve.policies', kind: 'retrieval', startMs: 310, endMs: 500 }));
  spans.push(child({ name: 'rerank', kind: 'rerank', startMs: 510, endMs: 600 }));
  spans.push(child(opts.llmWithoutTokens
    ? { name: 'llm.generate', kind: 'llm', startMs: 610, endMs: 1500, provider: 'openai', requestModel: 'gpt-4o', attributes: { 'gen_ai.request.model': 'gpt-4o' } }
    : {
      name: 'llm.generate', kind: 'llm', startMs: 610, endMs: 1500, provider: 'openai', requestModel: 'gpt-4o',
      inputTokens: 900, outputTokens: 200, attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 900, 'gen_ai.usage.output_tokens': 200 },
    }));
  const calls = opts.citationCalls ?? 1;
  for (let i = 0; i < calls; i++) {
    spans.push(child({
      name: 'tool.citation_check', kind: 'tool', startMs: 1510 + i * 100, endMs: 1590 + i * 100, toolName: 'citation_check',
      toolArguments: '{"answer_id": "a1", "policy": "refund-30d"}',
    }));
  }
  const lastTool = 1590 + (calls - 1) * 100;
  spans.push(child({ name: 'judge.answer', kind: 'evaluator', startMs: lastTool + 10, endMs: lastTool + 300 }));
  return spans.filter((s) => !omit.has(s.name));
}

/** Load contracts from a JS object through the real loader, failing on any problem. */
export function contractsFrom(file: unknown): Contract[] {
  const result = loadContracts(JSON.stringify(file, null, 2), 'test.contracts.json');
  assert.deepEqual(result.problems, []);
  return result.contracts;
}

/** One contract selecting every trace, with the given rules (severity defaults to error). */
export function oneContract(...rules: unknown[]): Contract[] {
  return contractsFrom({ version: 1, contracts: [{ id: 'c', rules }] });
}
