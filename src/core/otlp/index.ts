// Public surface of the OTLP codec. Implementations live in sibling modules.
import type { DecodedRequest, RawLogRecord, RawSpan } from '../model/types';

export type OtlpSignal = 'traces' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';

/** Thrown for malformed input; `message` is the reason given back to the client (HTTP 400). */
export class OtlpDecodeError extends Error {
  override name = 'OtlpDecodeError';
}

/** Decode an ExportTraceServiceRequest or ExportLogsServiceRequest body (already decompressed). */
export declare function decodeRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): DecodedRequest;

/** ExportTraceServiceResponse / ExportLogsServiceResponse in the request's encoding. */
export declare function encodeExportResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  partial?: { rejected: number; message: string },
): Uint8Array;

/** OTLP/JSON ExportTraceServiceRequest (hex ids, string times), grouped by resource and scope. */
export declare function encodeTracesJson(spans: RawSpan[]): unknown;
/** OTLP/JSON ExportLogsServiceRequest, grouped by resource and scope. */
export declare function encodeLogsJson(logs: RawLogRecord[]): unknown;
