// A capture-only OTLP receiver: keeps every export exactly as it arrived (after transport decompression),
// over OTLP/HTTP (JSON or protobuf, gzip or not, chunked or not) and OTLP/gRPC (pass-through Buffers).
import { LOGS_SERVICE, METRICS_SERVICE, TRACE_SERVICE } from '../../../src/receiver/grpc-service';
import * as grpc from '@grpc/grpc-js';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';

export type Signal = 'traces' | 'logs' | 'metrics';

export interface CapturedExport {
  /** Arrival order, from 1, across both transports. */
  seq: number;
  signal: Signal;
  transport: 'http' | 'grpc';
  encoding: 'json' | 'protobuf';
  /** Transport-level compression the sender used (gzip over HTTP Content-Encoding or gRPC grpc-encoding). */
  compression: string | null;
  userAgent: string | null;
  body: Buffer;
  receivedAt: number;
}

export interface OtlpCapture {
  httpUrl: string;
  grpcUrl: string;
  exports: CapturedExport[];
  /** Resolve when `pred` holds for the captured exports (checked on every arrival), or reject after `timeoutMs`. */
  waitFor(pred: (exports: CapturedExport[]) => boolean, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const HTTP_PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/logs': 'logs', '/v1/metrics': 'metrics' };
/** The receiver's own pass-through service definitions: the request arrives as its raw bytes. */
const GRPC_SERVICES: Array<[Signal, grpc.ServiceDefinition]> = [
  ['traces', TRACE_SERVICE], ['logs', LOGS_SERVICE], ['metrics', METRICS_SERVICE],
];

export async function startCapture(): Promise<OtlpCapture> {
  const exports: CapturedExport[] = [];
  const waiters = new Set<() => void>();
  let seq = 0;
  const add = (e: Omit<CapturedExport, 'seq' | 'receivedAt'>): void => {
    exports.push({ ...e, seq: ++seq, receivedAt: Date.now() });
    for (const w of [...waiters]) w();
  };

  const server = http.createServer((req, res) => {
    const signal = HTTP_PATHS[(req.url ?? '').split('?')[0]];
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const type = String(req.headers['content-type'] ?? '');
      const encoding = type.includes('json') ? 'json' : 'protobuf';
      if (!signal || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      const ce = String(req.headers['content-encoding'] ?? '').toLowerCase();
      let body = Buffer.concat(chunks);
      try {
        if (ce === 'gzip') body = zlib.gunzipSync(body);
        else if (ce === 'deflate') body = zlib.inflateSync(body);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
        return;
      }
      add({ signal, transport: 'http', encoding, compression: ce || null, userAgent: req.headers['user-agent'] ?? null, body });
      if (encoding === 'json') res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const httpPort = (server.address() as AddressInfo).port;

  // gRPC: grpc-js already undoes message compression (grpc-encoding gzip), so the Buffer is the raw request.
  const grpcServer = new grpc.Server();
  for (const [signal, definition] of GRPC_SERVICES) {
    grpcServer.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        const enc = call.metadata.get('grpc-encoding')[0];
        const ua = call.metadata.get('user-agent')[0];
        add({
          signal,
          transport: 'grpc',
          encoding: 'protobuf',
          compression: enc && enc !== 'identity' ? String(enc) : null,
          userAgent: ua ? String(ua) : null,
          body: Buffer.from(call.request),
        });
        callback(null, Buffer.alloc(0));
      },
    });
  }
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );

  return {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    exports,
    waitFor(pred, timeoutMs) {
      return new Promise((resolve) => {
        const check = (): void => {
          if (pred(exports)) done(true);
        };
        const done = (ok: boolean): void => {
          clearTimeout(timer);
          waiters.delete(check);
          resolve(ok);
        };
        const timer = setTimeout(() => done(false), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
    },
  };
}
