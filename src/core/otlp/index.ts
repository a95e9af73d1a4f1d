// Public surface of the OTLP codec. Implementations live in sibling modules.
import type { DecodedRequest, RawLogRecord, RawSpan } from '../model/types';
import { OtlpDecodeError } from './errors';
import { decodeLogsJson, decodeTracesJson } from './json-decode';
import { encodeLogsJson as logsJson, encodeTracesJson as tracesJson, responseJson } from './json-encode';
import { parseJsonText } from './json-text';
import { decodeLogsProtobuf, decodeTracesProtobuf } from './proto-decode';
import { decodeMetricsJson } from './json-metrics';
import { decodeMetricsProtobuf, type MetricsDecodeOptions } from './proto-metrics';
import { encodeResponseProtobuf } from './proto-encode';

export type OtlpSignal = 'traces' | 'logs' | 'metrics';
export type OtlpEncoding = 'protobuf' | 'json';

/** Thrown for malformed input; `message` is the reason given back to the client (HTTP 400). */
export { OtlpDecodeError };
export { encodeLogsProtobuf, encodeTracesProtobuf } from './proto-encode';
export { MAX_ANY_VALUE_DEPTH } from './any-value';

const utf8 = new TextDecoder('utf-8');

export type { MetricsDecodeOptions };

/**
 * Decode an ExportTraceServiceRequest, ExportLogsServiceRequest or ExportMetricsServiceRequest body (already
 * decompressed). Metrics keep only the points `options.keep` wants (all by default) and count the rest.
 * Items of one ResourceSpans / ScopeSpans share their `resource` and `scope` objects: treat them as read-only.
 * Throws OtlpDecodeError (message = where + why) for malformed bodies.
 */
export function decodeRequest(
  body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding, options: MetricsDecodeOptions = {},
): DecodedRequest {
  if (signal === 'metrics') {
    const metrics = encoding === 'protobuf' ? decodeMetricsProtobuf(body, options) : decodeMetricsJson(jsonRoot(body), options);
    return { spans: [], logs: [], metrics };
  }
  if (encoding === 'protobuf') {
    return signal === 'traces' ? decodeTracesProtobuf(body) : decodeLogsProtobuf(body);
  }
  const root = jsonRoot(body);
  return signal === 'traces' ? decodeTracesJson(root) : decodeLogsJson(root);
}

function jsonRoot(body: Uint8Array): unknown {
  let text = utf8.decode(body);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseJsonText(text);
}

/** The Export*ServiceResponse in the request's encoding (partial_success has the same field numbers in all three). */
export function encodeExportResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  partial?: { rejected: number; message: string },
): Uint8Array {
  if (encoding === 'protobuf') return encodeResponseProtobuf(partial);
  return new TextEncoder().encode(JSON.stringify(responseJson(signal, partial)));
}

/** OTLP/JSON ExportTraceServiceRequest (hex ids, string times), grouped by resource and scope. */
export function encodeTracesJson(spans: RawSpan[]): unknown {
  return tracesJson(spans);
}
/** OTLP/JSON ExportLogsServiceRequest, grouped by resource and scope. */
export function encodeLogsJson(logs: RawLogRecord[]): unknown {
  return logsJson(logs);
}
