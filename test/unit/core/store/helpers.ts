// Builders for hand-made RawSpans / RawLogRecords and temp store folders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Attributes, RawLogRecord, RawSpan } from '../../../../src/core/model/types';
import { decodeRequest, encodeLogsJson, encodeTracesJson } from '../../../../src/core/otlp';
import type { TraceStore } from '../../../../src/core/store';
import { SegmentPayloads, type PayloadStore } from '../../../../src/core/store/payload-io';
import type { SegmentWriter } from '../../../../src/core/store/segment-files';
import type { StoreDatabase } from '../../../../src/core/store/store-db';

/** Deterministic ids: trace n → 32 hex chars, span (t, s) → 16 hex chars. */
export function traceId(n: number): string {
  return `a${n.toString(16).padStart(31, '0')}`;
}

export function spanId(trace: number, span: number): string {
  return `b${trace.toString(16).padStart(7, '0')}${span.toString(16).padStart(8, '0')}`;
}

/** Nanoseconds from a millisecond offset after a fixed base (kept exact as a string). */
export function nanos(ms: number): string {
  return (1_760_000_000_000_000_000n + BigInt(Math.round(ms * 1000)) * 1000n).toString();
}

export interface SpanSpec {
  trace: number;
  span: number;
  parent?: number | null;
  name?: string;
  startMs?: number;
  endMs?: number;
  error?: boolean;
  attributes?: Attributes;
  service?: string;
}

export function makeSpan(spec: SpanSpec): RawSpan {
  const start = spec.startMs ?? spec.span;
  return {
    traceId: traceId(spec.trace),
    spanId: spanId(spec.trace, spec.span),
    parentSpanId: spec.parent === undefined || spec.parent === null ? null : spanId(spec.trace, spec.parent),
    traceState: '',
    name: spec.name ?? `span-${spec.span}`,
    otelKind: 1,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(spec.endMs ?? start + 10),
    attributes: spec.attributes ?? {},
    events: [],
    links: [],
    statusCode: spec.error ? 2 : 0,
    statusMessage: spec.error ? 'boom' : '',
    resource: { 'service.name': spec.service ?? 'svc-a' },
    scope: { name: 'test-scope', version: '1.0.0' },
  };
}

/** Two traces: a root with nested attributes, an LLM span that failed, an orphan, and another service's span. */
export function sampleSpans(): RawSpan[] {
  return [
    makeSpan({ trace: 1, span: 1, name: 'Agent Run', attributes: { 'workload.id': 'W-1', nested: { a: [1, 'x'] } } }),
    makeSpan({ trace: 1, span: 2, parent: 1, error: true, attributes: llmAttributes('gpt-4o', 3, 4) }),
    makeSpan({ trace: 1, span: 3, parent: 9, name: 'orphan' }),
    makeSpan({ trace: 2, span: 1, service: 'Other-Svc' }),
  ];
}

/** An LLM span with usage, as the OTel GenAI conventions name it. */
export function llmAttributes(model: string, input: number, output: number): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  };
}

export function makeLog(trace: number, span: number, body: string, ms = 5): RawLogRecord {
  return {
    timeUnixNano: nanos(ms),
    observedTimeUnixNano: nanos(ms),
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes: { 'event.name': 'gen_ai.user.message' },
    eventName: 'gen_ai.user.message',
    traceId: traceId(trace),
    spanId: spanId(trace, span),
    resource: { 'service.name': 'svc-a' },
    scope: { name: 'test-scope', version: '1.0.0' },
  };
}

export function tracesBody(spans: RawSpan[]): Uint8Array {
  return Buffer.from(JSON.stringify(encodeTracesJson(spans)), 'utf8');
}

export function logsBody(logs: RawLogRecord[]): Uint8Array {
  return Buffer.from(JSON.stringify(encodeLogsJson(logs)), 'utf8');
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `atl-store-${label}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** What a test reaches inside a TraceStore: the index database and the payload segments. */
export interface StoreInternals {
  data: StoreDatabase;
  payloads: PayloadStore;
  /** The segment writer of a writable store with a folder, else null. */
  writer: SegmentWriter | null;
}

export function internals(store: TraceStore): StoreInternals {
  const inside = store as unknown as { data: StoreDatabase; payloads: PayloadStore };
  const writer = inside.payloads instanceof SegmentPayloads ? inside.payloads.writer : null;
  return { data: inside.data, payloads: inside.payloads, writer };
}

/** Rows of an SQL query against the store's index. */
export function indexRows(store: TraceStore, sql: string, params: Array<string | number> = []): unknown[][] {
  return internals(store).data.sql.all(sql, params);
}

/** Total bytes of the regular files in `dir`. */
export function folderBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
}

/** Name:size of every file of `dir`, sorted (to tell that nothing was written). */
export function listing(dir: string): string {
  return fs.readdirSync(dir).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return `${name}:${stat.size}:${stat.mtimeMs}`;
  }).join('\n');
}

/** The spans of every traces line of an OTLP/JSON export, in export order. */
export function exportedSpans(exported: string): RawSpan[] {
  return exported.trimEnd().split('\n')
    .filter((line) => line.includes('resourceSpans'))
    .flatMap((line) => decodeRequest(Buffer.from(line, 'utf8'), 'traces', 'json').spans);
}
