// The exporters against real local servers: how HTTP statuses and gRPC codes are classified, which
// headers and paths go out, and Retry-After (HTTP header or gRPC metadata).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { createExporter } from '../../../../src/core/forward/exporters';

describe('HTTP exporter', () => {
  let server: Server;
  let url = '';
  const seen: Array<{ path: string; headers: IncomingHttpHeaders; body: string }> = [];
  let answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 200 };
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        seen.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/otlp`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('posts to <base>/v1/<signal> with the content type and headers; 2xx is delivered', async () => {
    const exporter = createExporter({ url, protocol: 'http/json', headers: { Authorization: 'Bearer x' } });
    answer = { status: 200 };
    assert.deepEqual(await exporter.send('logs', new TextEncoder().encode('{"resourceLogs":[]}')), { kind: 'delivered' });
    const last = seen.at(-1)!;
    assert.equal(last.path, '/otlp/v1/logs');
    assert.equal(last.headers['content-type'], 'application/json');
    assert.equal(last.headers.authorization, 'Bearer x');
    assert.equal(last.body, '{"resourceLogs":[]}');
    exporter.close();
  });

  test('429/503 are retried after Retry-After; 400 is refused with the status message; no server is retried', async () => {
    const exporter = createExporter({ url, protocol: 'http/protobuf', headers: {} });
    answer = { status: 429, headers: { 'Retry-After': '7' } };
    assert.deepEqual(await exporter.send('traces', new Uint8Array([1])), { kind: 'retry', error: 'HTTP 429', retryAfterMs: 7000 });
    answer = { status: 503 };
    assert.deepEqual(await exporter.send('traces', new Uint8Array([1])), { kind: 'retry', error: 'HTTP 503', retryAfterMs: null });
    answer = { status: 400, body: JSON.stringify({ code: 3, message: 'bad span id' }) };
    assert.deepEqual(await exporter.send('traces', new Uint8Array([1])), { kind: 'rejected', error: 'HTTP 400: bad span id' });
    exporter.close();
    const nowhere = createExporter({ url: 'http://127.0.0.1:1', protocol: 'http/protobuf', headers: {} });
    const outcome = await nowhere.send('traces', new Uint8Array([1]));
    assert.equal(outcome.kind, 'retry');
    assert.match((outcome as { error: string }).error, /ECONNREFUSED/);
    nowhere.close();
  });
});

/** google.rpc.Status { code 14, details [Any { type_url RetryInfo, value RetryInfo { retry_delay { seconds, nanos } } }] }. */
function statusWithRetryInfo(seconds: number, nanos: number): Buffer {
  const varint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
    out.push(n);
    return out;
  };
  const len = (field: number, bytes: number[]): number[] => [(field << 3) | 2, ...varint(bytes.length), ...bytes];
  const duration = [0x08, ...varint(seconds), 0x10, ...varint(nanos)];
  const retryInfo = len(1, duration);
  const any = [...len(1, [...Buffer.from('type.googleapis.com/google.rpc.RetryInfo')]), ...len(2, retryInfo)];
  return Buffer.from([0x08, 14, ...len(3, any)]);
}

describe('gRPC exporter', () => {
  let server: grpc.Server;
  let port = 0;
  const calls: Array<{ metadata: grpc.Metadata; bytes: number }> = [];
  let reply: (cb: grpc.sendUnaryData<Buffer>) => void = (cb) => cb(null, Buffer.alloc(0));
  before(async () => {
    server = new grpc.Server();
    const method: grpc.MethodDefinition<Buffer, Buffer> = {
      path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', requestStream: false, responseStream: false,
      requestSerialize: (b) => b, requestDeserialize: (b) => b, responseSerialize: (b) => b, responseDeserialize: (b) => b,
    };
    server.addService({ Export: method }, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        calls.push({ metadata: call.metadata, bytes: call.request.length });
        reply(cb);
      },
    });
    port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(),
      (error, p) => (error ? reject(error) : resolve(p))));
  });
  after(() => server.forceShutdown());

  test('OK is delivered with the headers as metadata; RESOURCE_EXHAUSTED retries after retry-after; INVALID_ARGUMENT is refused', async () => {
    const exporter = createExporter({ url: `http://127.0.0.1:${port}`, protocol: 'grpc', headers: { 'X-Scope-OrgID': 'team' } });
    assert.deepEqual(await exporter.send('traces', new Uint8Array([10, 0])), { kind: 'delivered' });
    assert.deepEqual(calls[0]!.metadata.get('x-scope-orgid'), ['team']);
    assert.equal(calls[0]!.bytes, 2);
    reply = (cb) => {
      const metadata = new grpc.Metadata();
      metadata.set('retry-after', '3');
      cb({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'queue full', metadata });
    };
    assert.deepEqual(await exporter.send('traces', new Uint8Array([10, 0])),
      { kind: 'retry', error: 'gRPC RESOURCE_EXHAUSTED: queue full', retryAfterMs: 3000 });
    // A collector's way: google.rpc.RetryInfo { retry_delay: 2.5 s } in the status details.
    reply = (cb) => {
      const metadata = new grpc.Metadata();
      metadata.set('grpc-status-details-bin', statusWithRetryInfo(2, 500_000_000));
      cb({ code: grpc.status.UNAVAILABLE, details: 'memory limiter', metadata });
    };
    assert.deepEqual(await exporter.send('traces', new Uint8Array([10, 0])),
      { kind: 'retry', error: 'gRPC UNAVAILABLE: memory limiter', retryAfterMs: 2500 });
    reply = (cb) => cb({ code: grpc.status.INVALID_ARGUMENT, details: 'bad' });
    assert.deepEqual(await exporter.send('traces', new Uint8Array([10, 0])), { kind: 'rejected', error: 'gRPC INVALID_ARGUMENT: bad' });
    exporter.close();
  });
});
