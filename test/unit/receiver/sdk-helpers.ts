// Real OTel SDK clients for receiver tests: spans with many attribute types, recorded in memory
// alongside the OTLP exporter under test, and a comparison against what the store kept.
import assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode, context, trace, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import type { NormalizedSpan } from '../../../src/core/model/types';

export type Transport = 'http/protobuf' | 'http/json' | 'grpc';

/** Records the result code of every export, so a test sees a rejected export instead of a silent drop. */
class ResultRecorder implements SpanExporter {
  readonly codes: number[] = [];
  readonly errors: string[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    this.inner.export(spans, (result) => {
      this.codes.push(result.code);
      if (result.error) this.errors.push(result.error.message);
      done(result);
    });
  }
  shutdown(): Promise<void> { return this.inner.shutdown(); }
  forceFlush(): Promise<void> { return this.inner.forceFlush?.() ?? Promise.resolve(); }
}

export function makeExporter(transport: Transport, httpPort: number, grpcPort: number, gzip: boolean): SpanExporter {
  // The exporters type `compression` as an enum of another package; its values are these strings.
  const compression = (gzip ? 'gzip' : 'none') as never;
  switch (transport) {
    case 'http/protobuf':
      return new ProtoExporter({ url: `http://127.0.0.1:${httpPort}/v1/traces`, compression });
    case 'http/json':
      return new JsonExporter({ url: `http://127.0.0.1:${httpPort}/v1/traces`, compression });
    case 'grpc':
      return new GrpcExporter({ url: `http://127.0.0.1:${grpcPort}`, compression });
  }
}

export interface SentTrace {
  recorded: ReadableSpan[];
  exportCodes: number[];
  exportErrors: string[];
}

/** Emit a small agent-like trace through `exporter` and return what the SDK recorded. */
export async function sendTrace(exporter: SpanExporter, label: string): Promise<SentTrace> {
  const memory = new InMemorySpanExporter();
  const recorder = new ResultRecorder(exporter);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': `receiver-test-${label}`,
      'deployment.environment': 'test',
      'process.pid': 4242,
      'host.tags': ['a', 'b'],
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory }), new SimpleSpanProcessor({ exporter: recorder })],
  });
  const tracer = provider.getTracer('receiver-tests', '1.2.3');
  const root = tracer.startSpan(`invoke_agent ${label}`, {
    kind: SpanKind.SERVER,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': label,
      'workload.id': 'wl-7',
      'test.bool': true,
      'test.false': false,
      'test.int': 42,
      'test.negative': -17,
      'test.big': 9007199254740991,
      'test.double': 3.25,
      'test.string.empty': '',
      'test.unicode': 'héllo → 世界 🚀',
      'test.strings': ['x', 'y', ''],
      'test.ints': [1, 2, 3],
      'test.doubles': [0.5, 1.5],
      'test.bools': [true, false],
    },
  });
  const ctx = trace.setSpan(context.active(), root);
  const chat = tracer.startSpan('chat fake-model', {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'fake-model',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
    },
    links: [{ context: root.spanContext(), attributes: { 'link.reason': 'follows', 'link.n': 2 } }],
  }, ctx);
  chat.addEvent('gen_ai.choice', { index: 0, finish: 'stop', scores: [0.1, 0.9] });
  chat.addEvent('plain event');
  chat.end();
  const tool = tracer.startSpan('execute_tool get_weather', {
    kind: SpanKind.INTERNAL,
    attributes: { 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call-1', 'code.line.number': 13 },
  }, ctx);
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'tool failed: timeout' });
  tool.recordException(new Error('boom'));
  tool.end();
  for (const kind of [SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    tracer.startSpan(`kind-${kind}`, { kind }, ctx).end();
  }
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  await provider.forceFlush();
  const recorded = memory.getFinishedSpans(); // shutdown empties the memory exporter
  await provider.shutdown();
  return { recorded, exportCodes: recorder.codes, exportErrors: recorder.errors };
}

export function hrToNanos(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();
}

/** Every id, time, attribute, event, link, status and resource attribute made it through unchanged. */
export function assertSameSpan(stored: NormalizedSpan | null, sent: ReadableSpan): void {
  const ctx = sent.spanContext();
  assert.ok(stored, `span ${sent.name} (${ctx.spanId}) was not stored`);
  assert.equal(stored.traceId, ctx.traceId);
  assert.equal(stored.spanId, ctx.spanId);
  assert.equal(stored.parentSpanId, sent.parentSpanContext?.spanId ?? null);
  assert.equal(stored.name, sent.name);
  assert.equal(stored.otelKind, sent.kind + 1, 'OTLP span kind is the API kind + 1');
  assert.equal(stored.startTimeUnixNano, hrToNanos(sent.startTime));
  assert.equal(stored.endTimeUnixNano, hrToNanos(sent.endTime));
  assert.deepEqual(stored.attributes, sent.attributes);
  assert.deepEqual(stored.resource, sent.resource.attributes);
  assert.deepEqual(stored.scope, { name: sent.instrumentationScope.name, version: sent.instrumentationScope.version ?? '' });
  const statusLabel = ['unset', 'ok', 'error'][sent.status.code];
  assert.equal(stored.status, statusLabel);
  if (sent.status.message) assert.equal(stored.statusMessage, sent.status.message);
  const storedEvents = stored.events.filter((e) => !('otel.log' in e.attributes));
  assert.deepEqual(
    storedEvents.map((e) => ({ name: e.name, time: e.timeUnixNano, attributes: e.attributes })),
    sent.events.map((e) => ({ name: e.name, time: hrToNanos(e.time), attributes: e.attributes ?? {} })),
  );
  assert.deepEqual(
    stored.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: l.attributes })),
    sent.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: l.attributes ?? {} })),
  );
}
