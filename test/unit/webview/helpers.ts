import type { TreeSpan } from '../../../src/protocol/messages';

/** A span with only the fields that matter for a test set. */
export function span(spanId: string, parentSpanId: string | null, startMs: number, durMs: number, extra: Partial<TreeSpan> = {}): TreeSpan {
  const base = 1_700_000_000_000_000_000n;
  const start = base + BigInt(Math.round(startMs * 1e6));
  const end = start + BigInt(Math.round(durMs * 1e6));
  return {
    traceId: 't1', spanId, parentSpanId, name: spanId, kind: 'other', service: null,
    startTimeUnixNano: start.toString(), endTimeUnixNano: end.toString(), durationMs: durMs,
    status: 'unset', errorType: null, requestModel: null, inputTokens: null, outputTokens: null,
    costUsd: null, toolName: null, code: null, ...extra,
  };
}
