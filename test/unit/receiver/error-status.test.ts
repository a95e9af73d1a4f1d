// Every error a sink throws, through both transports: the same classification decides the HTTP status with
// Retry-After and the gRPC status with its retry delay (google.rpc.RetryInfo in grpc-status-details-bin).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { QueueFullError, StorageUnavailableError, WorkerUnavailableError } from '../../../src/core/ingest/sink';
import { OtlpDecodeError } from '../../../src/core/otlp';
import { WIRE_LEN, WIRE_VARINT, WireReader } from '../../../src/core/otlp/wire-reader';
import { OtlpReceiver } from '../../../src/receiver';
import { RETRY_INFO_TYPE_URL, decodeStatusProtobuf } from '../../../src/receiver/status-body';
import { ScriptedSink, post } from './helpers';

/** A decode error as it comes back from the worker thread: a plain Error carrying the name. */
function rebuiltDecodeError(): Error {
  const error = new Error('resourceSpans[0]: not an object');
  error.name = 'OtlpDecodeError';
  return error;
}

const cases: Array<{ name: string; error: () => unknown; http: number; grpc: grpc.status; retryAfter: number | null; message: RegExp }> = [
  { name: 'queue full', error: () => new QueueFullError(2.5), http: 429, grpc: grpc.status.RESOURCE_EXHAUSTED, retryAfter: 3, message: /queue is full/ },
  { name: 'bad request', error: () => new OtlpDecodeError('spans[0].traceId: must be 16 bytes'), http: 400, grpc: grpc.status.INVALID_ARGUMENT, retryAfter: null, message: /traceId/ },
  { name: 'bad request (from the worker)', error: rebuiltDecodeError, http: 400, grpc: grpc.status.INVALID_ARGUMENT, retryAfter: null, message: /not an object/ },
  { name: 'store cannot write', error: () => new StorageUnavailableError('cannot write to /data/traces (ENOSPC)'), http: 503, grpc: grpc.status.UNAVAILABLE, retryAfter: 5, message: /ENOSPC/ },
  { name: 'worker crashed', error: () => new WorkerUnavailableError('ingest worker crashed'), http: 503, grpc: grpc.status.UNAVAILABLE, retryAfter: 1, message: /crashed/ },
  { name: 'anything else', error: () => new TypeError('boom'), http: 500, grpc: grpc.status.INTERNAL, retryAfter: null, message: /internal error: boom/ },
];

/** The code of a google.rpc.Status and the delay of its RetryInfo detail (read with the OTLP wire reader). */
function retryStatusOf(statusBytes: Uint8Array): { code: number; delay: number | null } {
  const status = new WireReader(statusBytes);
  let code = -1;
  while (status.pos < statusBytes.length) {
    const tag = status.tag();
    if (tag === ((1 << 3) | WIRE_VARINT)) {
      code = status.varint();
      continue;
    }
    if (tag >>> 3 !== 3 || (tag & 7) !== WIRE_LEN) {
      status.skip(tag & 7);
      continue;
    }
    const anyEnd = status.lengthEnd();
    let typeUrl = '';
    let delay: number | null = null;
    while (status.pos < anyEnd) {
      const anyTag = status.tag();
      if (anyTag === ((1 << 3) | WIRE_LEN)) typeUrl = status.string();
      else if (anyTag === ((2 << 3) | WIRE_LEN)) {
        const infoEnd = status.lengthEnd();
        status.expect(status.tag(), WIRE_LEN, 'retry_delay');
        const durationEnd = status.lengthEnd();
        while (status.pos < durationEnd) {
          const durationTag = status.tag();
          if (durationTag === ((1 << 3) | WIRE_VARINT)) delay = status.varint();
          else status.skip(durationTag & 7);
        }
        status.pos = infoEnd;
      } else status.skip(anyTag & 7);
    }
    if (typeUrl === RETRY_INFO_TYPE_URL) return { code, delay };
  }
  return { code, delay: null };
}

describe('ingest errors through both transports', () => {
  const sink = new ScriptedSink();
  let receiver: OtlpReceiver;
  let client: grpc.Client;

  before(async () => {
    receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, sink);
    client = new grpc.Client(`127.0.0.1:${receiver.address.grpc.port}`, grpc.credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await receiver.stop();
  });

  for (const c of cases) {
    test(`${c.name}: HTTP ${c.http}, gRPC ${grpc.status[c.grpc]}, retry ${c.retryAfter ?? 'none'}`, async () => {
      sink.next = () => { throw c.error(); };

      const reply = await post(`http://127.0.0.1:${receiver.address.http.port}/v1/traces`, Uint8Array.from([]), 'application/x-protobuf');
      assert.equal(reply.status, c.http);
      assert.equal(reply.headers['retry-after'], c.retryAfter === null ? undefined : String(c.retryAfter));
      const body = decodeStatusProtobuf(reply.body);
      assert.equal(body?.code, c.grpc, 'the body Status carries the same code as gRPC');
      assert.match(body?.message ?? '', c.message);

      const error = await new Promise<grpc.ServiceError | null>((resolve) => {
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0),
          (err) => resolve(err ?? null),
        );
      });
      assert.equal(error?.code, c.grpc);
      assert.match(error?.details ?? '', c.message);
      const details = error?.metadata.get('grpc-status-details-bin')[0];
      if (c.retryAfter === null) {
        assert.equal(details, undefined);
        assert.deepEqual(error?.metadata.get('retry-after'), []);
      } else {
        assert.ok(Buffer.isBuffer(details), 'grpc-status-details-bin is set');
        assert.deepEqual(retryStatusOf(details), { code: c.grpc, delay: c.retryAfter });
        assert.deepEqual(error?.metadata.get('retry-after'), [String(c.retryAfter)]);
      }
    });
  }
});
