// Public surface of the OTLP codec. Implementations live in sibling modules.
import type { DecodedRequest, RawLogRecord, RawSpan } from '../model/types';
import { OtlpDecodeError } from './errors';
import { decodeLogsJson, decodeTracesJson } from './json-decode';
import { encodeLogsJson as logsJson, encodeTracesJson as tracesJson, responseJson } from './json-encode';
import { parseJsonText } from './json-text';
import { decodeLogsProtobuf, decodeTracesProtobuf } from './proto-decode';
import { encodeResponseProtobuf } from './proto-encode';

export type OtlpSignal = 'traces' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';

/** Thrown for malformed input; `message` is the reason given back to the client (HTTP 400). */
export { OtlpDecodeError };
export { encodeLogsProtobuf, encodeTracesProtobuf } from './proto-encode';
export { MAX_ANY_VALUE_DEPTH } from './any-value';

const utf8 = new TextDecoder('utf-8');

/**
 * Decode an ExportTraceServiceRequest or ExportLogsServiceRequest body (already decompressed).
 * Items of one ResourceSpans / ScopeSpans share their `resource` and `scope` objects: treat them as read-only.
 * Throws OtlpDecodeError (message = where + why) for malformed bodies.
 */
export function decodeRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): DecodedRequest {
  if (encoding === 'protobuf') {
    return signal === 'traces' ? decodeTracesProtobuf(body) : decodeLogsProtobuf(body);
  }
  let text = utf8.decode(body);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const root = parseJsonText(text);
  return signal === 'traces' ? decodeTracesJson(root) : decodeLogsJson(root);
}

/** ExportTraceServiceResponse / ExportLogsServiceResponse in the request's encoding. */
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
