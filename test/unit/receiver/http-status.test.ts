// OTLP/HTTP routing, content types, limits and error mapping, with a scripted sink.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { OtlpDecodeError } from '../../../src/core/otlp';
import { OtlpReceiver, QueueFullError, StorageUnavailableError, WorkerUnavailableError } from '../../../src/receiver';
import { decodeStatusProtobuf } from '../../../src/receiver/status-body';
import { MAX_BODIES_IN_FLIGHT } from '../../../src/receiver/http-handler';
import { ScriptedSink, httpRequest, post } from './helpers';

const LIMIT = 64 * 1024;

describe('OTLP/HTTP status codes', () => {
  const sink = new ScriptedSink();
  let receiver: OtlpReceiver;
  let base: string;

  before(async () => {
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0, maxBodyBytes: LIMIT }, sink);
    base = `http://127.0.0.1:${receiver.address.http.port}`;
  });
  after(() => receiver.stop());
  beforeEach(() => {
    sink.calls.length = 0;
    sink.next = () => ({ acceptedSpans: 0, rejectedSpans: 0, acceptedLogs: 0, message: null, traceIds: [] });
  });

  test('port 0 binds free ports and reports them', () => {
    assert.ok(receiver.address.http.port > 0);
    assert.ok(receiver.address.grpc.port > 0);
    assert.notEqual(receiver.address.http.port, receiver.address.grpc.port);
    assert.equal(receiver.address.http.host, '127.0.0.1');
  });

  test('unknown path is 404 and never reaches the sink', async () => {
    const reply = await post(`${base}/v2/traces`, '{}', 'application/json');
    assert.equal(reply.status, 404);
    assert.equal(sink.calls.length, 0);
  });

  test('other methods are 405 with Allow: POST', async () => {
    const reply = await httpRequest(`${base}/v1/traces`, { method: 'GET' });
    assert.equal(reply.status, 405);
    assert.equal(reply.headers.allow, 'POST');
  });

  test('unsupported content type is 415', async () => {
    const reply = await post(`${base}/v1/traces`, 'hello', 'text/plain');
    assert.equal(reply.status, 415);
    const missing = await httpRequest(`${base}/v1/traces`, { body: '{}' });
    assert.equal(missing.status, 415);
    assert.equal(sink.calls.length, 0);
  });

  test('unsupported content encoding is 415', async () => {
    const reply = await post(`${base}/v1/traces`, '{}', 'application/json', { 'Content-Encoding': 'br' });
    assert.equal(reply.status, 415);
  });

  test('paths ending in /v1/traces or /v1/logs route by signal; content-type parameters are ignored', async () => {
    await post(`${base}/api/public/otel/v1/traces`, '{"resourceSpans":[]}', 'application/json; charset=utf-8');
    await post(`${base}/v1/logs?x=1`, Uint8Array.from([1, 2, 3]), 'Application/X-Protobuf');
    assert.deepEqual(sink.calls.map((c) => [c.signal, c.encoding]), [['traces', 'json'], ['logs', 'protobuf']]);
    assert.equal(sink.calls[0]!.body.toString(), '{"resourceSpans":[]}');
    assert.deepEqual([...sink.calls[1]!.body], [1, 2, 3]);
  });

  test('gzip bodies reach the sink decompressed', async () => {
    const text = JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(5000) });
    await post(`${base}/v1/traces`, gzipSync(text), 'application/json', { 'Content-Encoding': 'gzip' });
    assert.equal(sink.calls.length, 1);
    assert.equal(sink.calls[0]!.body.toString(), text);
  });

  test('declared body over the limit is 413 without reaching the sink', async () => {
    const reply = await post(`${base}/v1/traces`, new Uint8Array(LIMIT + 1), 'application/x-protobuf');
    assert.equal(reply.status, 413);
    assert.equal(decodeStatusProtobuf(reply.body)?.message, `request body exceeds ${LIMIT} bytes`);
    assert.equal(sink.calls.length, 0);
  });

  test('chunked body over the limit is 413 (reading stops)', async () => {
    const chunk = new Uint8Array(16 * 1024);
    const reply = await httpRequest(`${base}/v1/traces`, {
      headers: { 'Content-Type': 'application/json' },
      chunks: Array.from({ length: 8 }, () => chunk),
    });
    assert.equal(reply.status, 413);
    assert.equal(sink.calls.length, 0);
  });

  test('gzip bomb (small body, huge output) is 413', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    assert.ok(bomb.length < LIMIT);
    const reply = await post(`${base}/v1/traces`, bomb, 'application/json', { 'Content-Encoding': 'gzip' });
    assert.equal(reply.status, 413);
    assert.match((JSON.parse(reply.body.toString()) as { message: string }).message, /decompressed body exceeds/);
    assert.equal(sink.calls.length, 0);
  });

  test('corrupt gzip is 400 with the reason', async () => {
    const broken = gzipSync('{"resourceSpans":[]}').subarray(0, 12);
    const reply = await post(`${base}/v1/traces`, broken, 'application/json', { 'Content-Encoding': 'gzip' });
    assert.equal(reply.status, 400);
    const status = JSON.parse(reply.body.toString()) as { code: number; message: string };
    assert.equal(status.code, 3);
    assert.match(status.message, /invalid gzip body/);
  });

  test('decode errors are 400 with the reason, as google.rpc.Status in the request encoding', async () => {
    sink.next = () => { throw new OtlpDecodeError('spans[0].traceId: must be 16 bytes'); };
    const proto = await post(`${base}/v1/traces`, Uint8Array.from([0x0a]), 'application/x-protobuf');
    assert.equal(proto.status, 400);
    assert.equal(proto.headers['content-type'], 'application/x-protobuf');
    assert.deepEqual(decodeStatusProtobuf(proto.body), { code: 3, message: 'spans[0].traceId: must be 16 bytes' });
    const json = await post(`${base}/v1/traces`, '{', 'application/json');
    assert.equal(json.status, 400);
    assert.equal(json.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(json.body.toString()), { code: 3, message: 'spans[0].traceId: must be 16 bytes' });
  });

  test('queue full is 429 with Retry-After', async () => {
    sink.next = () => { throw new QueueFullError(3); };
    const reply = await post(`${base}/v1/traces`, '{}', 'application/json');
    assert.equal(reply.status, 429);
    assert.equal(reply.headers['retry-after'], '3');
    assert.equal((JSON.parse(reply.body.toString()) as { code: number }).code, 8);
  });

  test('a crashed worker is 503 with Retry-After (retryable)', async () => {
    sink.next = () => { throw new WorkerUnavailableError('ingest worker crashed'); };
    const reply = await post(`${base}/v1/logs`, '{}', 'application/json');
    assert.equal(reply.status, 503);
    assert.equal(reply.headers['retry-after'], '1');
  });

  test('a store that cannot write (disk full) is 503 with Retry-After and a reason naming the folder', async () => {
    const reason = 'Cannot write to the trace store folder /data/traces (ENOSPC: no space left on device); nothing of it was stored.';
    sink.next = () => { throw new StorageUnavailableError(reason); };
    const reply = await post(`${base}/v1/traces`, '{}', 'application/json');
    assert.equal(reply.status, 503);
    assert.equal(reply.headers['retry-after'], '5');
    assert.match(reply.body.toString('utf8'), /\/data\/traces.*ENOSPC/);
  });

  test('gRPC messages over maxBodyBytes are refused with RESOURCE_EXHAUSTED before the sink', async () => {
    const client = new grpc.Client(`127.0.0.1:${receiver.address.grpc.port}`, grpc.credentials.createInsecure());
    const error = await new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(LIMIT + 1),
        (err) => resolve(err ?? null),
      );
    });
    client.close();
    assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(sink.calls.length, 0);
  });

  test('more bodies in flight than the bound: 429 with Retry-After before the body is read', async () => {
    // Requests that send headers and part of a body, then wait: each holds a reading slot.
    const held = Array.from({ length: MAX_BODIES_IN_FLIGHT }, () => {
      const req = http.request(`${base}/v1/traces`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100' },
      });
      req.on('error', () => {});
      req.write('{');
      return req;
    });
    // The held requests reach the server asynchronously: probe until they all count (or time out).
    let reply = await post(`${base}/v1/traces`, '{}', 'application/json');
    for (let tries = 0; reply.status !== 429 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      reply = await post(`${base}/v1/traces`, '{}', 'application/json');
    }
    assert.equal(reply.status, 429);
    assert.equal(reply.headers['retry-after'], '1');
    for (const req of held) req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await post(`${base}/v1/traces`, '{}', 'application/json');
    assert.notEqual(after.status, 429, 'slots are released when requests end');
  });

  test('the server still answers after every refusal above', async () => {
    const reply = await post(`${base}/v1/traces`, '{"resourceSpans":[]}', 'application/json');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/json');
  });
});
