// Real OTel SDK exporters (OTLP/HTTP protobuf, OTLP/HTTP JSON, OTLP/gRPC; gzip on and off) against
// a receiver on free ports: every span, id, time and attribute arrives unchanged.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OtlpReceiver } from '../../../src/receiver';
import { StoreWorker, type IngestEvent } from '../../../src/store-worker';
import { assertSameSpan, makeExporter, sendTrace, type Transport } from './sdk-helpers';
import { waitFor } from './helpers';

describe('SDK exporters → receiver → store', () => {
  let worker: StoreWorker;
  let receiver: OtlpReceiver;
  const events: IngestEvent[] = [];

  before(async () => {
    worker = await StoreWorker.start({ dir: null });
    worker.onDidIngest((event) => events.push(event));
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  });
  after(async () => {
    await receiver.stop();
    await worker.stop();
  });

  const transports: Transport[] = ['http/protobuf', 'http/json', 'grpc'];
  for (const transport of transports) {
    for (const gzip of [false, true]) {
      test(`${transport}${gzip ? ' + gzip' : ''}`, async () => {
        const exporter = makeExporter(transport, receiver.address.http.port, receiver.address.grpc.port, gzip);
        const sent = await sendTrace(exporter, `${transport}-${gzip ? 'gz' : 'plain'}`);
        assert.equal(sent.exportErrors.length, 0, sent.exportErrors.join('\n'));
        assert.ok(sent.exportCodes.length >= sent.recorded.length && sent.exportCodes.every((c) => c === 0));
        assert.equal(sent.recorded.length, 5);
        const traceId = sent.recorded[0]!.spanContext().traceId;
        for (const span of sent.recorded) {
          assertSameSpan(await worker.getSpan(traceId, span.spanContext().spanId), span);
        }
        const summary = await worker.getTraceSummary(traceId);
        assert.equal(summary?.spanCount, 5);
        assert.equal(summary?.errorCount, 1);
        await waitFor(() => events.some((e) => e.traceIds.includes(traceId)), 'an ingest event naming the trace');
      });
    }
  }

  test('ingest events carry store stats', async () => {
    const stats = await worker.stats();
    await waitFor(() => events.at(-1)?.stats.spans === stats.spans, 'the last ingest event to carry the final stats');
    const last = events.at(-1);
    assert.ok(last);
    assert.equal(last.stats.spans, stats.spans);
    assert.equal(stats.spans, 30);
    assert.equal(stats.traces, 6);
  });
});
