// Test-only reader for the recorded fixtures: OTLP/JSON (hex ids, as the JS exporter sends it) → RawSpan/RawLogRecord.
// Uses the project's decoder when it is implemented, so the fixtures also exercise it; this loader is the fallback.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as otlp from '../../../../src/core/otlp/index';
import type {
  AttrValue, Attributes, DecodedRequest, InstrumentationScope, OtelSpanKind, OtelStatusCode, RawLogRecord, RawSpan,
} from '../../../../src/core/model/types';

type Json = Record<string, unknown>;

export const FIXTURE_ROOT = path.join(__dirname, '..', '..', '..', 'fixtures', 'otlp');

function anyValue(v: unknown): AttrValue {
  const o = (v ?? {}) as Json;
  if ('stringValue' in o) return o.stringValue as string;
  if ('boolValue' in o) return o.boolValue as boolean;
  if ('intValue' in o) return Number(o.intValue);
  if ('doubleValue' in o) return Number(o.doubleValue);
  if ('bytesValue' in o) return o.bytesValue as string;
  if ('arrayValue' in o) return (((o.arrayValue as Json)?.values as unknown[]) ?? []).map(anyValue);
  if ('kvlistValue' in o) return attributes(((o.kvlistValue as Json)?.values as unknown[]) ?? []);
  return null;
}

function attributes(list: unknown): Attributes {
  const out: Attributes = {};
  for (const kv of (list as Json[] | undefined) ?? []) out[kv.key as string] = anyValue(kv.value);
  return out;
}

function scopeOf(s: unknown): InstrumentationScope {
  const o = (s ?? {}) as Json;
  return { name: (o.name as string) ?? '', version: (o.version as string) ?? '' };
}

export function loadJsonRequest(body: Json): DecodedRequest {
  const spans: RawSpan[] = [];
  const logs: RawLogRecord[] = [];
  for (const rs of (body.resourceSpans as Json[] | undefined) ?? []) {
    const resource = attributes((rs.resource as Json | undefined)?.attributes);
    for (const ss of (rs.scopeSpans as Json[]) ?? []) {
      const scope = scopeOf(ss.scope);
      for (const s of (ss.spans as Json[]) ?? []) {
        const status = (s.status ?? {}) as Json;
        spans.push({
          traceId: s.traceId as string,
          spanId: s.spanId as string,
          parentSpanId: (s.parentSpanId as string) || null,
          traceState: (s.traceState as string) ?? '',
          name: s.name as string,
          otelKind: Number(s.kind ?? 0) as OtelSpanKind,
          startTimeUnixNano: String(s.startTimeUnixNano),
          endTimeUnixNano: String(s.endTimeUnixNano),
          attributes: attributes(s.attributes),
          events: ((s.events as Json[]) ?? []).map((e) => ({
            name: e.name as string, timeUnixNano: String(e.timeUnixNano), attributes: attributes(e.attributes),
          })),
          links: ((s.links as Json[]) ?? []).map((l) => ({
            traceId: l.traceId as string, spanId: l.spanId as string, attributes: attributes(l.attributes),
          })),
          statusCode: Number(status.code ?? 0) as OtelStatusCode,
          statusMessage: (status.message as string) ?? '',
          resource,
          scope,
        });
      }
    }
  }
  for (const rl of (body.resourceLogs as Json[] | undefined) ?? []) {
    const resource = attributes((rl.resource as Json | undefined)?.attributes);
    for (const sl of (rl.scopeLogs as Json[]) ?? []) {
      const scope = scopeOf(sl.scope);
      for (const r of (sl.logRecords as Json[]) ?? []) {
        logs.push({
          timeUnixNano: String(r.timeUnixNano ?? '0'),
          observedTimeUnixNano: String(r.observedTimeUnixNano ?? '0'),
          severityNumber: Number(r.severityNumber ?? 0),
          severityText: (r.severityText as string) ?? '',
          body: r.body === undefined ? null : anyValue(r.body),
          attributes: attributes(r.attributes),
          eventName: (r.eventName as string) ?? '',
          traceId: (r.traceId as string) || null,
          spanId: (r.spanId as string) || null,
          resource,
          scope,
        });
      }
    }
  }
  return { spans, logs };
}

const decoderReady = (): boolean => typeof (otlp as { decodeRequest?: unknown }).decodeRequest === 'function';

/** Everything one fixture folder holds: spans and log records from every request file. */
export function loadFixture(dir: string): DecodedRequest & { usedDecoder: boolean } {
  const folder = path.join(FIXTURE_ROOT, dir);
  const files = readdirSync(folder).sort();
  const spans: RawSpan[] = [];
  const logs: RawLogRecord[] = [];
  const useDecoder = decoderReady();
  for (const file of files) {
    const signal = file.includes('logs') ? 'logs' : file.includes('traces') ? 'traces' : null;
    if (!signal) continue;
    let req: DecodedRequest | null = null;
    if (file.endsWith('.pb')) {
      if (useDecoder) req = otlp.decodeRequest(readFileSync(path.join(folder, file)), signal, 'protobuf');
    } else if (file.endsWith('.decoded.json')) {
      if (!useDecoder) req = loadJsonRequest(JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Json);
    } else if (file.endsWith('.json')) {
      const bytes = readFileSync(path.join(folder, file));
      req = useDecoder ? otlp.decodeRequest(bytes, signal, 'json') : loadJsonRequest(JSON.parse(bytes.toString('utf8')) as Json);
    }
    if (req) {
      spans.push(...req.spans);
      logs.push(...req.logs);
    }
  }
  return { spans, logs, usedDecoder: useDecoder };
}

/** Coding agents' recordings: events, metrics and spans that become traces in the store (test/unit/core/agents). */
export const CODING_AGENT_FIXTURE = /^live-(claude-code|codex|gemini-cli)-/;

/** Span fixtures normalized one request at a time (the coding agents' recordings are checked through the store). */
export function fixtureDirs(): string[] {
  return readdirSync(FIXTURE_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !CODING_AGENT_FIXTURE.test(d.name))
    .map((d) => d.name)
    .sort();
}
