// What leaves the machine for a request the store accepted. The ingest worker calls forwardedCopies()
// once per accepted request, after the store took it, with the request as decoded there.
import type { DecodedRequest } from '../model/types';
import {
  encodeLogsJson, encodeLogsProtobuf, encodeTracesJson, encodeTracesProtobuf, type OtlpEncoding, type OtlpSignal,
} from '../otlp';
import type { QueuedRequest } from './queue';

export interface AcceptedRequest {
  /** The body as received (decompressed). */
  body: Uint8Array;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
  decoded: DecodedRequest;
  /** The request as the store kept it, when redaction changed it. */
  redacted?: DecodedRequest;
}

/** Forward the received bytes as they are, or re-encode a changed request. */
export type ForwardSource = { kind: 'original' } | { kind: 'changed'; request: DecodedRequest };

/**
 * What goes upstream: the redacted request when redaction changed it (never the raw values), else the
 * received bytes exactly.
 */
export function requestToForward(accepted: AcceptedRequest): ForwardSource {
  return accepted.redacted ? { kind: 'changed', request: accepted.redacted } : { kind: 'original' };
}

function encode(request: DecodedRequest, signal: OtlpSignal, encoding: OtlpEncoding): Uint8Array {
  if (encoding === 'protobuf') return signal === 'traces' ? encodeTracesProtobuf(request.spans) : encodeLogsProtobuf(request.logs);
  const json = signal === 'traces' ? encodeTracesJson(request.spans) : encodeLogsJson(request.logs);
  return new TextEncoder().encode(JSON.stringify(json));
}

/**
 * One copy per encoding the endpoints want. The received bytes are reused whenever the request is
 * unchanged and already in that encoding; otherwise the (possibly changed) request is encoded again.
 */
export function forwardedCopies(accepted: AcceptedRequest, encodings: readonly OtlpEncoding[]): QueuedRequest[] {
  const source = requestToForward(accepted);
  const request = source.kind === 'changed' ? source.request : accepted.decoded;
  const items = request.spans.length + request.logs.length;
  if (items === 0) return [];
  return encodings.map((encoding) => ({
    signal: accepted.signal,
    encoding,
    items,
    body: source.kind === 'original' && encoding === accepted.encoding
      ? accepted.body
      : encode(request, accepted.signal, encoding),
  }));
}
