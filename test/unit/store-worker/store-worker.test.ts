// StoreWorker behaviour through the real store: back-pressure, crash recovery, duplicates, logs,
// decode errors mapped to HTTP 400 / gRPC INVALID_ARGUMENT and overload to 429 / RESOURCE_EXHAUSTED.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { OtlpDecodeError, decodeRequest } from '../../../src/core/otlp';
import { TraceStore } from '../../../src/core/store';
import { OtlpReceiver, QueueFullError, WorkerUnavailableError } from '../../../src/receiver';
import { StoreWorker, type WorkerCrashEvent } from '../../../src/store-worker';
import { decodeStatusProtobuf } from '../../../src/receiver/status-body';
import { fixturesDir, post, syntheticTraceRequest, tempDir } from '../receiver/helpers';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function grpcExport(port: number, service: 'trace' | 'logs', body: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const path = service === 'trace'
    ? '/opentelemetry.proto.collector.trace.v1.TraceService/Export'
    : '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, Buffer.from(body), (error) => {
      client.close();
      resolve(error ?? null);
    });
  });
}

describe('StoreWorker with the real store', () => {
  let worker: StoreWorker;
  let receiver: OtlpReceiver;
  let base: string;
  const folder = tempDir();

  before(async () => {
    worker = await StoreWorker.start({ dir: folder.dir });
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
    base = `http://127.0.0.1:${receiver.address.http.port}`;
  });
  after(async () => {
    await receiver.stop();
    await worker.stop();
    folder.remove();
  });

  test('duplicate delivery of the same request is stored once', async () => {
    const { body, traceId } = syntheticTraceRequest(3, 101);
    const first = await post(`${base}/v1/traces`, body, 'application/json');
    const again = await post(`${base}/v1/traces`, body, 'application/json');
    assert.equal(first.status, 200);
    assert.equal(again.status, 200);
    assert.equal((await worker.getTraceSummary(traceId))?.spanCount, 3);
    assert.equal((await worker.getTraceSpans(traceId)).length, 3);
  });

  test('log records posted to /v1/logs attach to their span', async () => {
    const dir = join(fixturesDir, 'otel-openai-contrib-proto');
    const logBody = readFileSync(join(dir, '001-logs.pb'));
    // Logs first: they must attach even when their span arrives later.
    for (const [signal, body] of [['logs', logBody], ['traces', readFileSync(join(dir, '008-traces.pb'))]] as const) {
      const reply = await post(`${base}/v1/${signal}`, body, 'application/x-protobuf');
      assert.equal(reply.status, 200, `${signal}: ${reply.body.toString()}`);
    }
    const [log] = decodeRequest(logBody, 'logs', 'protobuf').logs;
    assert.ok(log?.traceId && log.spanId);
    const span = await worker.getSpan(log.traceId, log.spanId);
    assert.ok(span, 'the span the log names was stored');
    assert.ok(span.events.some((e) => e.timeUnixNano === log.timeUnixNano && e.name === 'gen_ai.system.message'),
      `log record among the span events: ${JSON.stringify(span.events.map((e) => e.name))}`);
  });

  test('malformed JSON and protobuf are 400 with the decoder reason, in the request encoding', async () => {
    const json = await post(`${base}/v1/traces`, '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz","spanId":"01"}]}]}]}', 'application/json');
    assert.equal(json.status, 400);
    const jsonStatus = JSON.parse(json.body.toString()) as { code: number; message: string };
    assert.equal(jsonStatus.code, 3);
    assert.match(jsonStatus.message, /traceId/i);
    const proto = await post(`${base}/v1/traces`, Uint8Array.from([0x0a, 0xff, 0xff, 0x03, 0x01]), 'application/x-protobuf');
    assert.equal(proto.status, 400);
    const protoStatus = decodeStatusProtobuf(proto.body);
    assert.equal(protoStatus?.code, 3);
    assert.ok(protoStatus && protoStatus.message.length > 0);
  });

  test('gRPC: valid export succeeds, garbage is INVALID_ARGUMENT', async () => {
    const good = readFileSync(join(fixturesDir, 'otel-sdk-grpc', '001-grpc-traces.pb'));
    assert.equal(await grpcExport(receiver.address.grpc.port, 'trace', good), null);
    const bad = await grpcExport(receiver.address.grpc.port, 'trace', Uint8Array.from([0x0a, 0xff, 0xff, 0x03, 0x01]));
    assert.equal(bad?.code, grpc.status.INVALID_ARGUMENT);
    const badLogs = await grpcExport(receiver.address.grpc.port, 'logs', Uint8Array.from([0x0a, 0x03, 0x0a, 0x01]));
    assert.equal(badLogs?.code, grpc.status.INVALID_ARGUMENT);
  });

  test('submit transfers a body that owns its buffer and copies a view into a shared one', async () => {
    const owned = utf8(syntheticTraceRequest(2, 111).body);
    const pending = worker.submit(owned, 'traces', 'json');
    assert.equal(owned.byteLength, 0, 'the ArrayBuffer moved to the worker (detached here)');
    assert.equal((await pending).acceptedSpans, 2);
    const text = utf8(syntheticTraceRequest(2, 112).body);
    const shared = new Uint8Array(text.byteLength + 8);
    shared.set(text, 4);
    const view = shared.subarray(4, 4 + text.byteLength);
    assert.equal((await worker.submit(view, 'traces', 'json')).acceptedSpans, 2);
    assert.equal(shared.byteLength, text.byteLength + 8, 'a view into a larger buffer is copied, not detached');
  });

  test('ingest-time decode errors come back as OtlpDecodeError from submit', async () => {
    await assert.rejects(worker.submit(utf8('{"resourceSpans": 5}'), 'traces', 'json'), OtlpDecodeError);
  });
});

describe('back-pressure with queueLimit 1', () => {
  let worker: StoreWorker;
  let receiver: OtlpReceiver;

  before(async () => {
    worker = await StoreWorker.start({ dir: null, queueLimit: 1 });
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  });
  after(async () => {
    await receiver.stop();
    await worker.stop();
  });

  test('a second submit while one is pending is refused with QueueFullError', async () => {
    const a = syntheticTraceRequest(50, 201);
    const b = syntheticTraceRequest(50, 202);
    const first = worker.submit(utf8(a.body), 'traces', 'json');
    await assert.rejects(worker.submit(utf8(b.body), 'traces', 'json'), (error: unknown) => {
      assert.ok(error instanceof QueueFullError);
      assert.ok(error.retryAfterSeconds >= 1);
      return true;
    });
    assert.equal((await first).acceptedSpans, 50);
    assert.equal(worker.queueDepth, 0);
    assert.equal((await worker.submit(utf8(b.body), 'traces', 'json')).acceptedSpans, 50, 'room again once drained');
  });

  test('HTTP 429 with Retry-After and gRPC RESOURCE_EXHAUSTED while a large request is in the worker', async () => {
    // 20k spans keep the worker busy far longer than a loopback round trip.
    const big = syntheticTraceRequest(20_000, 203);
    const pending = worker.submit(utf8(big.body), 'traces', 'json');
    const small = syntheticTraceRequest(1, 204);
    const http = await post(`http://127.0.0.1:${receiver.address.http.port}/v1/traces`, small.body, 'application/json');
    const rpc = await grpcExport(receiver.address.grpc.port, 'trace', readFileSync(join(fixturesDir, 'otel-sdk-grpc', '001-grpc-traces.pb')));
    const done = await pending;
    assert.equal(done.acceptedSpans, 20_000);
    assert.equal(http.status, 429);
    assert.ok(Number(http.headers['retry-after']) >= 1);
    assert.equal(rpc?.code, grpc.status.RESOURCE_EXHAUSTED);
  });
});

describe('worker crash', () => {
  test('pending requests are rejected, the worker restarts and the durable data is still there', async () => {
    const folder = tempDir();
    const worker = await StoreWorker.start({ dir: folder.dir });
    try {
      const crashes: WorkerCrashEvent[] = [];
      worker.onDidCrash((event) => crashes.push(event));
      const kept = syntheticTraceRequest(4, 301);
      await worker.submit(utf8(kept.body), 'traces', 'json');
      const inFlight = worker.submit(utf8(syntheticTraceRequest(20_000, 302).body), 'traces', 'json');
      await worker.simulateCrash();
      await assert.rejects(inFlight, WorkerUnavailableError);
      assert.equal(crashes.length, 1);
      assert.equal(crashes[0]!.restarted, true);
      assert.equal(crashes[0]!.rejected, 1);
      assert.equal(worker.queueDepth, 0);
      // The replacement worker replays the request log: the acknowledged trace survived.
      assert.equal((await worker.getTraceSummary(kept.traceId))?.spanCount, 4);
      const again = syntheticTraceRequest(2, 303);
      assert.equal((await worker.submit(utf8(again.body), 'traces', 'json')).acceptedSpans, 2);
    } finally {
      await worker.stop();
      folder.remove();
    }
  });

  test('calls after stop are refused', async () => {
    const worker = await StoreWorker.start({ dir: null });
    await worker.stop();
    await assert.rejects(worker.stats(), WorkerUnavailableError);
    await worker.stop(); // idempotent
  });
});

test('getTraceStructure (columns across the thread) answers what TraceStore.getTraceStructure answers', async () => {
  const body = readFileSync(join(fixturesDir, 'otel-sdk-grpc', '001-grpc-traces.pb'));
  const folder = tempDir();
  const store = await TraceStore.open({ dir: null });
  const worker = await StoreWorker.start({ dir: folder.dir });
  try {
    store.ingestRequest(new Uint8Array(body), 'traces', 'protobuf');
    await worker.submit(new Uint8Array(body), 'traces', 'protobuf');
    const traces = store.listTraces({});
    assert.ok(traces.length > 0);
    for (const { traceId } of traces) {
      const expected = store.getTraceStructure(traceId);
      assert.ok(expected.length > 0);
      assert.deepEqual(await worker.getTraceStructure(traceId), expected);
    }
    assert.deepEqual(await worker.getTraceStructure('0'.repeat(32)), []);
    // The preview crosses the thread as it is (a few dozen spans as objects).
    const { traceId } = traces[0]!;
    const limits = { minSpans: 1, maxSpans: 2 };
    const preview = await worker.getTracePreview(traceId, limits);
    assert.ok(preview && preview.spans.length > 0);
    assert.deepEqual(preview, store.getTracePreview(traceId, limits));
  } finally {
    await worker.stop();
    await store.close();
    folder.remove();
  }
});

test('a read-only worker follows another writer: its new traces arrive as ingest events', async () => {
  const body = readFileSync(join(fixturesDir, 'otel-sdk-grpc', '001-grpc-traces.pb'));
  const folder = tempDir();
  const writer = await StoreWorker.start({ dir: folder.dir });
  const follower = await StoreWorker.start({ dir: folder.dir, readOnly: true, followIntervalMs: 20 });
  try {
    assert.deepEqual((await follower.stats()).spans, 0);
    const seen = new Promise<string[]>((resolve) => {
      const off = follower.onDidIngest((event) => {
        off();
        resolve(event.traceIds);
      });
    });
    const result = await writer.submit(new Uint8Array(body), 'traces', 'protobuf');
    const traceIds = await seen;
    assert.deepEqual([...traceIds].sort(), [...result.traceIds].sort());
    assert.deepEqual(await follower.stats(), await writer.stats());
    await assert.rejects(follower.submit(new Uint8Array(body), 'traces', 'protobuf'), /read-only/);
  } finally {
    await follower.stop();
    await writer.stop();
    folder.remove();
  }
});
