// OtlpReceiver: binds the OTLP/HTTP and OTLP/gRPC servers and hands every body to an IngestSink.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { PortInUseError } from './errors';
import type { IngestSink } from '../core/ingest/sink';
import { createOtlpHttpHandler, DEFAULT_MAX_BODY_BYTES } from './http-handler';
import { createGrpcServer } from './grpc-service';
import type { ReceiverAddress, ReceiverOptions } from './types';

/** `localhost` means both loopbacks: clients that resolve it to ::1 first must reach us too. */
function bindHosts(host: string): { primary: string; extra: string | null } {
  if (host === 'localhost') return { primary: '127.0.0.1', extra: '::1' };
  return { primary: host, extra: null };
}

function isAddrInUse(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error as NodeJS.ErrnoException).code === 'EADDRINUSE' || /EADDRINUSE/.test(error.message);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (error, actual) => {
      if (error) reject(error);
      else resolve(actual);
    });
  });
}

function shutdownGrpc(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 2000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** OTLP/HTTP + OTLP/gRPC servers that hand request bodies to a StoreWorker. Restartable: stop, then start anew. */
export class OtlpReceiver {
  private constructor(
    readonly address: ReceiverAddress,
    private readonly httpServers: Server[],
    private readonly grpcServer: grpc.Server,
  ) {}

  static async start(options: ReceiverOptions, sink: IngestSink): Promise<OtlpReceiver> {
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const hosts = bindHosts(options.host);
    const handler = createOtlpHttpHandler(sink, maxBodyBytes);
    const httpServers: Server[] = [];
    const grpcServer = createGrpcServer(sink, maxBodyBytes);
    const cleanup = async (): Promise<void> => {
      await Promise.all(httpServers.map(closeHttp));
      grpcServer.forceShutdown();
    };
    try {
      const primary = createServer(handler);
      httpServers.push(primary);
      let httpPort: number;
      try {
        httpPort = await listen(primary, hosts.primary, options.httpPort);
      } catch (error) {
        if (isAddrInUse(error)) throw new PortInUseError(options.httpPort, 'http', options.host);
        throw error;
      }
      if (hosts.extra) {
        const second = createServer(handler);
        try {
          await listen(second, hosts.extra, httpPort);
          httpServers.push(second);
        } catch {
          // IPv6 unavailable (or ::1 taken by someone else): IPv4 alone still serves.
        }
      }
      let grpcPort: number;
      try {
        grpcPort = await bindGrpc(grpcServer, hosts.primary, options.grpcPort);
      } catch (error) {
        if (isAddrInUse(error)) throw new PortInUseError(options.grpcPort, 'grpc', options.host);
        throw error;
      }
      if (hosts.extra) await bindGrpc(grpcServer, hosts.extra, grpcPort).catch(() => undefined);
      return new OtlpReceiver(
        { http: { host: options.host, port: httpPort }, grpc: { host: options.host, port: grpcPort } },
        httpServers,
        grpcServer,
      );
    } catch (error) {
      await cleanup();
      throw error;
    }
  }

  /** Close both servers (open connections are cut). */
  async stop(): Promise<void> {
    await Promise.all([...this.httpServers.map(closeHttp), shutdownGrpc(this.grpcServer)]);
  }
}
