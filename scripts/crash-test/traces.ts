// What the crash test writes: trace n has 3 spans (a root, an LLM call, a tool call); every 10th has a failing
// tool call; every 3rd has a log record attached to its LLM span through the logs signal. Shared by the
// writer child and the checking parent, with the store settings both use.
import type { RawLogRecord, RawSpan } from '../../src/core/model/types';
import { encodeLogsJson, encodeTracesProtobuf } from '../../src/core/otlp';
import type { RetentionOptions } from '../../src/core/store';

export const RETENTION: RetentionOptions = { maxSpans: 3000, maxBytes: 4 * 1024 * 1024 };

/** Small limits so snapshots, segment rotation, compaction and retention all happen often. */
export const SMALL_SETTINGS: Record<string, unknown> = {
  segmentMaxBytes: 256 * 1024,
  snapshotTailBytes: 512 * 1024,
  retention: RETENTION,
};

export const SPANS_PER_TRACE = 3;
const BASE_NS = 1_760_000_000_000_000_000n;
const ID_PREFIX = 'c0ffee00';

export const traceIdOf = (n: number): string => `${ID_PREFIX}${n.toString(16).padStart(24, '0')}`;
export const traceNumberOf = (traceId: string): number => parseInt(traceId.slice(ID_PREFIX.length), 16);
export const spanIdOf = (n: number, span: number): string => `${n.toString(16).padStart(14, '0')}0${span}`;
export const hasError = (n: number): boolean => n % 10 === 0;
export const hasLog = (n: number): boolean => n % 3 === 0;
export const logText = (n: number): string => `user message for trace ${n}`;

function span(n: number, index: number, name: string, attributes: RawSpan['attributes'], error = false): RawSpan {
  const start = BASE_NS + BigInt(n) * 10_000_000n + BigInt(index) * 1_000_000n;
  return {
    traceId: traceIdOf(n), spanId: spanIdOf(n, index), parentSpanId: index === 1 ? null : spanIdOf(n, 1), traceState: '',
    name, otelKind: index === 2 ? 3 : 1, startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + (index === 1 ? 5_000_000n : 800_000n)).toString(),
    attributes, events: [], links: [], statusCode: error ? 2 : 0, statusMessage: error ? 'lookup_order timed out' : '',
    resource: { 'service.name': 'crash-test-agent', 'service.version': '1.0.0' },
    scope: { name: 'crash-test', version: '1.0.0' },
  };
}

/** OTLP/protobuf traces request with the 3 spans of trace n. */
export function tracesRequest(n: number): Uint8Array {
  const question = `Where is order ${n}? It was due last week and the tracking page shows nothing since.`;
  return encodeTracesProtobuf([
    span(n, 1, 'invoke_agent crash-test-agent', { 'gen_ai.operation.name': 'invoke_agent', 'session.id': `s-${n % 97}` }),
    span(n, 2, 'chat gpt-4o-mini', {
      'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 120 + (n % 50), 'gen_ai.usage.output_tokens': 40,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Let me look it up.' }] }]),
    }),
    span(n, 3, 'execute_tool lookup_order', {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.arguments': JSON.stringify({ order_id: n }),
      ...(hasError(n) ? { 'error.type': 'TimeoutError' } : {}),
    }, hasError(n)),
  ]);
}

/** OTLP/JSON logs request: one record for the LLM span of trace n. */
export function logsRequest(n: number): Uint8Array {
  const time = (BASE_NS + BigInt(n) * 10_000_000n + 1_500_000n).toString();
  const record: RawLogRecord = {
    timeUnixNano: time, observedTimeUnixNano: time, severityNumber: 9, severityText: 'INFO', body: logText(n),
    attributes: { 'event.name': 'gen_ai.user.message' }, eventName: 'gen_ai.user.message',
    traceId: traceIdOf(n), spanId: spanIdOf(n, 2),
    resource: { 'service.name': 'crash-test-agent' }, scope: { name: 'crash-test', version: '1.0.0' },
  };
  return Buffer.from(JSON.stringify(encodeLogsJson([record])), 'utf8');
}
