// OTLP/HTTP request handling: routing, content type, size limits, gzip, status mapping.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzip, inflate } from 'node:zlib';
import { promisify } from 'node:util';
import type { IngestSink } from '../core/ingest/sink';
import type { IngestResult } from '../core/model/store-types';
import { OtlpDecodeError, encodeExportResponse, type OtlpEncoding, type OtlpSignal } from '../core/otlp';
import { ingestErrorStatus } from './error-status';
import { RpcCode, encodeStatus } from './status-body';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** How long a connection whose body was refused may keep sending (discarded) before it is cut. */
const REFUSED_BODY_GRACE_MS = 2000;

const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

export function signalForPath(pathname: string): OtlpSignal | null {
  const path = pathname.replace(/\/+$/, '');
  if (path.endsWith('/v1/traces')) return 'traces';
  if (path.endsWith('/v1/logs')) return 'logs';
  if (path.endsWith('/v1/metrics')) return 'metrics';
  return null;
}

export function encodingForContentType(header: string | undefined): OtlpEncoding | null {
  const media = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return null;
}

type BodyOutcome = { kind: 'ok'; body: Uint8Array } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    const finish = (outcome: BodyOutcome): void => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      resolve(outcome);
    };
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > limit) {
        chunks.length = 0;
        finish({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      // Copy into one buffer the worker can take over without another copy.
      const body = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) {
        body.set(c, offset);
        offset += c.length;
      }
      finish({ kind: 'ok', body });
    });
    req.on('aborted', () => finish({ kind: 'aborted' }));
    req.on('error', () => finish({ kind: 'aborted' }));
  });
}

class BodyTooLargeError extends Error {}

async function decompress(body: Uint8Array, contentEncoding: string, limit: number): Promise<Uint8Array> {
  const inflater = contentEncoding === 'gzip' || contentEncoding === 'x-gzip' ? gunzipAsync : inflateAsync;
  try {
    return await inflater(body, { maxOutputLength: limit });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new BodyTooLargeError(`decompressed body exceeds ${limit} bytes`);
    }
    throw new OtlpDecodeError(`invalid ${contentEncoding} body: ${(error as Error).message}`);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(body.byteLength), ...headers });
  res.end(body);
}

function sendStatus(
  res: ServerResponse,
  httpStatus: number,
  encoding: OtlpEncoding,
  rpcCode: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(res, httpStatus, encodeStatus(encoding, rpcCode, message), CONTENT_TYPES[encoding], headers);
}

/** Request bodies read at the same time, at most: the main thread holds no more than this many bodies (each up to the size limit, plus its decompressed copy). */
export const MAX_BODIES_IN_FLIGHT = 16;

/** Answer without reading the rest of the body: discard what is in flight for a moment, then cut. */
function refuseBody(req: IncomingMessage, res: ServerResponse, encoding: OtlpEncoding, limit: number): void {
  sendStatus(res, 413, encoding, RpcCode.INVALID_ARGUMENT, `request body exceeds ${limit} bytes`, { Connection: 'close' });
  req.resume();
  const timer = setTimeout(() => req.socket.destroy(), REFUSED_BODY_GRACE_MS);
  timer.unref();
  req.socket.once('close', () => clearTimeout(timer));
}

function errorResponse(res: ServerResponse, encoding: OtlpEncoding, error: unknown): void {
  const status = ingestErrorStatus(error);
  const headers: Record<string, string> = status.retryAfterSeconds === null ? {} : { 'Retry-After': String(status.retryAfterSeconds) };
  sendStatus(res, status.httpStatus, encoding, status.code, status.message, headers);
}

export function createOtlpHttpHandler(
  sink: IngestSink,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
): (req: IncomingMessage, res: ServerResponse) => void {
  let bodiesInFlight = 0;
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => errorResponse(res, 'json', error));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://receiver').pathname;
    const signal = signalForPath(pathname);
    const requested = encodingForContentType(req.headers['content-type']);
    const replyEncoding: OtlpEncoding = requested ?? 'json';
    if (!signal) {
      sendStatus(res, 404, replyEncoding, RpcCode.NOT_FOUND, `no OTLP endpoint at ${pathname}; use /v1/traces, /v1/logs or /v1/metrics`);
      return;
    }
    if (req.method !== 'POST') {
      sendStatus(res, 405, replyEncoding, RpcCode.UNIMPLEMENTED, `method ${req.method ?? ''} not allowed; use POST`, { Allow: 'POST' });
      return;
    }
    if (!requested) {
      const type = req.headers['content-type'] ?? '(none)';
      sendStatus(res, 415, 'json', RpcCode.INVALID_ARGUMENT,
        `unsupported content type ${type}; use application/x-protobuf or application/json`);
      return;
    }
    const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!['identity', 'gzip', 'x-gzip', 'deflate'].includes(contentEncoding)) {
      sendStatus(res, 415, requested, RpcCode.INVALID_ARGUMENT, `unsupported content encoding ${contentEncoding}; use gzip or identity`);
      return;
    }
    // Bodies are read before the worker queue sees them: bound how many are held at once, so parallel
    // senders cannot pile up memory on this (the extension host's) thread.
    if (bodiesInFlight >= MAX_BODIES_IN_FLIGHT) {
      sendStatus(res, 429, requested, RpcCode.RESOURCE_EXHAUSTED,
        `too many requests in flight (${MAX_BODIES_IN_FLIGHT}); retry later`, { 'Retry-After': '1', Connection: 'close' });
      req.resume();
      return;
    }
    bodiesInFlight++;
    try {
      await readAndSubmit(req, res, signal, requested, contentEncoding);
    } finally {
      bodiesInFlight--;
    }
  }

  async function readAndSubmit(
    req: IncomingMessage, res: ServerResponse, signal: OtlpSignal, requested: OtlpEncoding, contentEncoding: string,
  ): Promise<void> {
    const outcome = await readBody(req, maxBodyBytes);
    if (outcome.kind === 'aborted') return;
    if (outcome.kind === 'too-large') {
      refuseBody(req, res, requested, maxBodyBytes);
      return;
    }
    let body = outcome.body;
    try {
      if (contentEncoding !== 'identity') body = await decompress(body, contentEncoding, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) sendStatus(res, 413, requested, RpcCode.INVALID_ARGUMENT, error.message);
      else errorResponse(res, requested, error);
      return;
    }
    let result: IngestResult;
    try {
      result = await sink.submit(body, signal, requested);
    } catch (error) {
      errorResponse(res, requested, error);
      return;
    }
    const partial = result.rejectedSpans > 0
      ? { rejected: result.rejectedSpans, message: result.message ?? `${result.rejectedSpans} spans rejected` }
      : undefined;
    send(res, 200, encodeExportResponse(signal, requested, partial), CONTENT_TYPES[requested]);
  }
}
