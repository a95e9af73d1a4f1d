// OTLP/gRPC: TraceService, LogsService and MetricsService Export with raw-bytes (de)serializers, so the
// request bytes reach the same decoder as OTLP/HTTP protobuf.
import * as grpc from '@grpc/grpc-js';
import { OtlpDecodeError, encodeExportResponse, type OtlpSignal } from '../core/otlp';
import { QueueFullError, StorageUnavailableError, WorkerUnavailableError } from './errors';
import type { IngestSink } from './http-handler';

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

function grpcError(error: unknown): Partial<grpc.StatusObject> {
  const details = error instanceof Error ? error.message : String(error);
  if (error instanceof QueueFullError) {
    const metadata = new grpc.Metadata();
    metadata.set('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    return { code: grpc.status.RESOURCE_EXHAUSTED, details, metadata };
  }
  if (error instanceof OtlpDecodeError || (error instanceof Error && error.name === 'OtlpDecodeError')) {
    return { code: grpc.status.INVALID_ARGUMENT, details };
  }
  if (error instanceof WorkerUnavailableError || error instanceof StorageUnavailableError) {
    return { code: grpc.status.UNAVAILABLE, details };
  }
  return { code: grpc.status.INTERNAL, details };
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
