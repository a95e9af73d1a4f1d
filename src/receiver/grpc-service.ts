// OTLP/gRPC: TraceService, LogsService and MetricsService Export with raw-bytes (de)serializers, so the
// request bytes reach the same decoder as OTLP/HTTP protobuf.
import * as grpc from '@grpc/grpc-js';
import type { IngestSink } from '../core/ingest/sink';
import { encodeExportResponse, type OtlpSignal } from '../core/otlp';
import { ingestErrorStatus } from './error-status';
import { encodeRetryStatus } from './status-body';

const passThrough = (b: Buffer): Buffer => b;

function exportMethod(path: string): grpc.MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  };
}

export const TRACE_SERVICE: grpc.ServiceDefinition = {
  Export: exportMethod('/opentelemetry.proto.collector.trace.v1.TraceService/Export'),
};
export const LOGS_SERVICE: grpc.ServiceDefinition = {
  Export: exportMethod('/opentelemetry.proto.collector.logs.v1.LogsService/Export'),
};
export const METRICS_SERVICE: grpc.ServiceDefinition = {
  Export: exportMethod('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export'),
};

/** The gRPC status of a failed export. google.rpc.Code values are the gRPC status codes. */
function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const status = ingestErrorStatus(error);
  const metadata = new grpc.Metadata();
  if (status.retryAfterSeconds !== null) {
    // The OTLP way: google.rpc.RetryInfo in the status details (what the Collector's exporters read);
    // `retry-after` as well, the plain form some clients look for.
    metadata.set('grpc-status-details-bin', Buffer.from(encodeRetryStatus(status.code, status.message, status.retryAfterSeconds)));
    metadata.set('retry-after', String(status.retryAfterSeconds));
  }
  return { code: status.code as grpc.status, details: status.message, metadata };
}

function exportHandler(sink: IngestSink, signal: OtlpSignal): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    const body = call.request;
    sink.submit(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), signal, 'protobuf').then(
      (result) => {
        const partial = result.rejectedSpans > 0
          ? { rejected: result.rejectedSpans, message: result.message ?? `${result.rejectedSpans} spans rejected` }
          : undefined;
        callback(null, Buffer.from(encodeExportResponse(signal, 'protobuf', partial)));
      },
      (error: unknown) => callback(grpcError(error)),
    );
  };
}

export function createGrpcServer(sink: IngestSink, maxBodyBytes: number): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': maxBodyBytes,
  });
  server.addService(TRACE_SERVICE, { Export: exportHandler(sink, 'traces') });
  server.addService(LOGS_SERVICE, { Export: exportHandler(sink, 'logs') });
  server.addService(METRICS_SERVICE, { Export: exportHandler(sink, 'metrics') });
  return server;
}
