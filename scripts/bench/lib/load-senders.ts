// Senders for the receiver benchmark's load generator: one OTLP export per call, answering whether the
// receiver took the batch ('ok') or asked the client to back off ('retry'); anything else throws.
import * as grpc from '@grpc/grpc-js';
import { Agent, request } from 'node:http';

export type SendOutcome = 'ok' | 'retry';

export interface Sender {
  send(body: Uint8Array): Promise<SendOutcome>;
  close(): void;
}

export const GRPC_TRACE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export interface HttpAnswer {
  status: number;
  /** Retry-After in milliseconds (seconds or an HTTP date), null when absent or unreadable. */
  retryAfterMs: number | null;
  body: string;
}

function retryAfterMs(header: string | undefined): number | null {
  if (header === undefined) return null;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** One OTLP/HTTP POST; resolves with whatever the server answered, rejects on a network error. */
export function httpPost(url: string, contentType: string, agent: Agent, body: Uint8Array): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0,
        retryAfterMs: retryAfterMs(res.headers['retry-after']),
        body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** OTLP/HTTP POST over a keep-alive agent with `concurrency` sockets; 429/503 mean back off. */
export function httpSender(url: string, contentType: string, concurrency: number): Sender {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    send: async (body) => {
      const { status } = await httpPost(url, contentType, agent, body);
      if (status === 200) return 'ok';
      if (status === 429 || status === 503) return 'retry';
      throw new Error(`unexpected HTTP status ${status}`);
    },
    close: () => agent.destroy(),
  };
}

const passThrough = (b: Buffer): Buffer => b;

/** OTLP/gRPC TraceService/Export with pre-encoded protobuf bodies (no message classes on either side);
 *  RESOURCE_EXHAUSTED/UNAVAILABLE mean back off. One channel, calls multiplexed over HTTP/2. */
export function grpcSender(target: string): Sender {
  const client = new grpc.Client(target, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': -1,
    'grpc.max_receive_message_length': -1,
  });
  return {
    send: (body) => new Promise((resolve, reject) => {
      client.makeUnaryRequest<Buffer, Buffer>(
        GRPC_TRACE_EXPORT_PATH, passThrough, passThrough,
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        (error) => {
          if (!error) resolve('ok');
          else if (error.code === grpc.status.RESOURCE_EXHAUSTED || error.code === grpc.status.UNAVAILABLE) resolve('retry');
          else reject(error);
        },
      );
    }),
    close: () => client.close(),
  };
}
