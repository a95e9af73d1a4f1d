// Sends one queued OTLP request upstream (OTLP/HTTP protobuf or JSON, or OTLP/gRPC) and classifies the
// answer the way the OTLP spec asks: success, retry later (429/502/503/504, UNAVAILABLE,
// RESOURCE_EXHAUSTED, network errors), or a permanent rejection that must not be retried.
import http from 'node:http';
import https from 'node:https';
import * as grpc from '@grpc/grpc-js';
import type { OtlpEncoding, OtlpSignal } from '../otlp';
import { WIRE_LEN, WIRE_VARINT, WireReader } from '../otlp/wire-reader';

export type ForwardProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export const FORWARD_PROTOCOLS: readonly ForwardProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

export interface ForwardEndpoint {
  url: string;
  protocol: ForwardProtocol;
  /** Sent with every request (auth tokens); never logged. */
  headers: Record<string, string>;
}

export type DeliveryOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; retryAfterMs: number | null }
  | { kind: 'rejected'; error: string };

export interface Exporter {
  send(signal: OtlpSignal, body: Uint8Array): Promise<DeliveryOutcome>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 30_000;
const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);

export function encodingFor(protocol: ForwardProtocol): OtlpEncoding {
  return protocol === 'http/json' ? 'json' : 'protobuf';
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | null {
  if (!value) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Where a signal goes: like OTEL_EXPORTER_OTLP_ENDPOINT, a base URL gets `/v1/traces` or `/v1/logs`
 * appended; a URL that already ends in `/v1/traces` is used as given for traces.
 */
export function signalUrl(base: string, signal: OtlpSignal): string {
  const trimmed = base.replace(/\/+$/, '');
  const own = `/v1/${signal}`;
  if (trimmed.endsWith(own)) return trimmed;
  const other = signal === 'traces' ? '/v1/logs' : '/v1/traces';
  if (trimmed.endsWith(other)) return trimmed.slice(0, -other.length) + own;
  return trimmed + own;
}

class HttpExporter implements Exporter {
  private readonly agent: http.Agent;
  private readonly contentType: string;

  constructor(private readonly endpoint: ForwardEndpoint) {
    const secure = new URL(endpoint.url).protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 2 }) : new http.Agent({ keepAlive: true, maxSockets: 2 });
    this.contentType = endpoint.protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
  }

  send(signal: OtlpSignal, body: Uint8Array): Promise<DeliveryOutcome> {
    const url = new URL(signalUrl(this.endpoint.url, signal));
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = lib.request(url, {
        method: 'POST',
        agent: this.agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: { ...this.endpoint.headers, 'Content-Type': this.contentType, 'Content-Length': String(body.byteLength) },
      }, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < 4096) chunks.push(c);
          kept += c.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve({ kind: 'delivered' });
            return;
          }
          const detail = errorDetail(Buffer.concat(chunks).subarray(0, 4096), res.headers['content-type']);
          const error = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
          if (RETRYABLE_HTTP.has(status)) {
            resolve({ kind: 'retry', error, retryAfterMs: parseRetryAfter(res.headers['retry-after']) });
          } else {
            resolve({ kind: 'rejected', error });
          }
        });
        res.on('error', (e) => resolve({ kind: 'retry', error: e.message, retryAfterMs: null }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      req.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'retry', error: e.code ? `${e.code} ${e.message}` : e.message, retryAfterMs: null }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The message of a google.rpc.Status error body (JSON), or a short text body; protobuf bodies are not shown. */
function errorDetail(body: Buffer, contentType: string | undefined): string {
  if (body.length === 0) return '';
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json')) {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
      if (typeof parsed.message === 'string') return parsed.message.slice(0, 300);
    } catch {
      // fall through to the text
    }
  }
  if (type.startsWith('text/') || type.includes('json')) return body.toString('utf8').slice(0, 300);
  return '';
}

/** Fields `field` (length-delimited) of a protobuf message, as sub-arrays. */
function lenFields(bytes: Uint8Array, field: number): Uint8Array[] {
  const r = new WireReader(bytes);
  const out: Uint8Array[] = [];
  while (r.pos < bytes.length) {
    const tag = r.tag();
    if (tag >>> 3 === field && (tag & 7) === WIRE_LEN) {
      const end = r.lengthEnd();
      out.push(bytes.subarray(r.pos, end));
      r.pos = end;
    } else {
      r.skip(tag & 7);
    }
  }
  return out;
}

/**
 * The delay of a google.rpc.RetryInfo in a gRPC error's `grpc-status-details-bin` (google.rpc.Status:
 * details = 3, repeated Any {type_url = 1, value = 2}; RetryInfo.retry_delay = 1, a Duration {seconds = 1,
 * nanos = 2}), in ms; null when there is none. This is how collectors say when to come back.
 */
export function retryInfoDelayMs(statusDetails: Uint8Array): number | null {
  try {
    for (const any of lenFields(statusDetails, 3)) {
      const [typeUrl] = lenFields(any, 1);
      if (!typeUrl || !new TextDecoder().decode(typeUrl).endsWith('google.rpc.RetryInfo')) continue;
      const [value] = lenFields(any, 2);
      const [duration] = value ? lenFields(value, 1) : [];
      if (!duration) return 0;
      const r = new WireReader(duration);
      let seconds = 0;
      let nanos = 0;
      while (r.pos < duration.length) {
        const tag = r.tag();
        if ((tag & 7) !== WIRE_VARINT) r.skip(tag & 7);
        else if (tag >>> 3 === 1) seconds = r.varint();
        else if (tag >>> 3 === 2) nanos = r.varint();
        else r.varint();
      }
      return Math.round(seconds * 1000 + nanos / 1e6);
    }
  } catch {
    // malformed details: no hint
  }
  return null;
}

const passThrough = (b: Buffer): Buffer => b;
const RETRYABLE_GRPC = new Set([
  grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.OUT_OF_RANGE,
  grpc.status.UNAVAILABLE, grpc.status.DATA_LOSS, grpc.status.RESOURCE_EXHAUSTED,
]);

class GrpcExporter implements Exporter {
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;

  constructor(endpoint: ForwardEndpoint) {
    const url = new URL(endpoint.url.includes('://') ? endpoint.url : `http://${endpoint.url}`);
    const secure = url.protocol === 'https:';
    const port = url.port || (secure ? '443' : '4317');
    const creds = secure ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    this.client = new grpc.Client(`${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${port}`, creds);
    this.metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(endpoint.headers)) this.metadata.set(k.toLowerCase(), v);
  }

  send(signal: OtlpSignal, body: Uint8Array): Promise<DeliveryOutcome> {
    const method = signal === 'traces'
      ? '/opentelemetry.proto.collector.trace.v1.TraceService/Export'
      : '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
    return new Promise((resolve) => {
      this.client.makeUnaryRequest<Buffer, Buffer>(
        method, passThrough, passThrough, Buffer.from(body.buffer, body.byteOffset, body.byteLength), this.metadata,
        { deadline: Date.now() + REQUEST_TIMEOUT_MS },
        (error) => {
          if (!error) {
            resolve({ kind: 'delivered' });
            return;
          }
          const message = `gRPC ${grpc.status[error.code] ?? error.code}: ${error.details || error.message}`;
          if (RETRYABLE_GRPC.has(error.code)) {
            const hint = error.metadata?.get('retry-after')[0];
            const details = error.metadata?.get('grpc-status-details-bin')[0];
            const fromDetails = details instanceof Uint8Array ? retryInfoDelayMs(details) : null;
            resolve({ kind: 'retry', error: message, retryAfterMs: fromDetails ?? parseRetryAfter(typeof hint === 'string' ? hint : null) });
          } else {
            resolve({ kind: 'rejected', error: message });
          }
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}

export function createExporter(endpoint: ForwardEndpoint): Exporter {
  return endpoint.protocol === 'grpc' ? new GrpcExporter(endpoint) : new HttpExporter(endpoint);
}
