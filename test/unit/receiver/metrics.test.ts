// OTLP metrics reach the store over every transport a coding agent uses: HTTP JSON (also chunked), HTTP protobuf
// and gRPC MetricsService; 200 with partial success naming what was dropped, never 404.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { OtlpReceiver } from '../../../src/receiver';
import { StoreWorker } from '../../../src/store-worker';
import { fixtureFiles } from '../core/agents/fixture-store';
import { httpRequest, post } from './helpers';

describe('OTLP metrics', () => {
  let worker: StoreWorker;
  let receiver: OtlpReceiver;
  let base: string;
  const jsonMetrics = fixtureFiles('live-claude-code-events').filter((f) => f.signal === 'metrics')[0]!;
  const pbMetrics = fixtureFiles('live-claude-code-grpc').filter((f) => f.signal === 'metrics')[0]!;

  before(async () => {
    worker = await StoreWorker.start({ dir: null });
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
    base = `http://127.0.0.1:${receiver.address.http.port}`;
  });
  after(async () => {
    await receiver.stop();
    await worker.stop();
  });

  test('HTTP JSON: 200, the points it does not keep reported as rejectedDataPoints', async () => {
    const before = (await worker.stats()).metricPoints?.kept ?? 0;
    const reply = await post(`${base}/v1/metrics`, fs.readFileSync(jsonMetrics.file), 'application/json');
    assert.equal(reply.status, 200);
    const body = JSON.parse(reply.body.toString('utf8')) as { partialSuccess?: { rejectedDataPoints: string; errorMessage: string } };
    assert.ok(Number(body.partialSuccess?.rejectedDataPoints) > 0);
    assert.match(body.partialSuccess!.errorMessage, /session figures/);
    assert.ok(((await worker.stats()).metricPoints?.kept ?? 0) > before);
  });

  test('HTTP JSON sent in chunks (Transfer-Encoding: chunked) is read whole', async () => {
    const bytes = fs.readFileSync(jsonMetrics.file);
    const chunks = [bytes.subarray(0, 100), bytes.subarray(100, 5000), bytes.subarray(5000)];
    const reply = await httpRequest(`${base}/v1/metrics`, { chunks, headers: { 'Content-Type': 'application/json' } });
    assert.equal(reply.status, 200);
  });

  test('HTTP protobuf: 200 with a protobuf answer', async () => {
    const reply = await post(`${base}/v1/metrics`, fs.readFileSync(pbMetrics.file), 'application/x-protobuf');
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/x-protobuf');
  });

  test('gRPC MetricsService/Export answers OK', async () => {
    const client = new grpc.Client(`127.0.0.1:${receiver.address.grpc.port}`, grpc.credentials.createInsecure());
    const outcome = await new Promise<grpc.ServiceError | Buffer | undefined>((resolve) => {
      client.makeUnaryRequest('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
        (b: Buffer) => b, (b: Buffer) => b, fs.readFileSync(pbMetrics.file), (err, value) => resolve(err ?? value));
    });
    client.close();
    assert.ok(Buffer.isBuffer(outcome), `gRPC error: ${String(outcome)}`);
  });

  test('a malformed metrics body is 400 with the reason', async () => {
    const reply = await post(`${base}/v1/metrics`, '{"resourceMetrics":5}', 'application/json');
    assert.equal(reply.status, 400);
    assert.match(reply.body.toString('utf8'), /resourceMetrics/);
  });
});
