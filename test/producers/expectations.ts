// What each producer group's normalized spans must look like (`trace-lens show --json` records).
import assert from 'node:assert/strict';
import type { SpanRecord } from '../../src/cli/output';

export type ShownSpan = SpanRecord;

export const EXPECTATIONS: Record<string, (spans: ShownSpan[]) => void> = {};
for (const g of ['otel-sdk-protobuf', 'otel-sdk-json', 'otel-sdk-grpc', 'openinference-openai', 'langchain', 'traceloop', 'ai-v6', 'ai-v7-otel', 'ai-v7-legacy', 'langfuse', 'mcp']) {
  EXPECTATIONS[g] = (spans) => assert.ok(spans.length > 0, 'spans arrived');
}
