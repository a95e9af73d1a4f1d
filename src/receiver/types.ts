export interface ReceiverOptions {
  host: string;
  /** 0 picks a free port. */
  httpPort: number;
  grpcPort: number;
  /** Limit for the body and for the decompressed body (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface ReceiverAddress {
  http: { host: string; port: number };
  grpc: { host: string; port: number };
}
