// The worker thread's side of the StoreWorker: where its entry file is, how its errors come back, and how a body
// crosses to it without a copy.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StorageUnavailableError } from '../core/ingest/sink';
import { OtlpDecodeError } from '../core/otlp';
import type { SerializedError } from './worker-protocol';

/**
 * Where the worker entry lives: beside this file, as .js in dist, or as .ts when running from source.
 * From source the thread registers tsx's require hook itself (`--import tsx` in a worker's execArgv is
 * not honoured by Node 20 for the worker's own entry).
 */
export function workerEntry(): { code: string; eval: boolean } {
  if (__filename.endsWith('.ts')) {
    const register = require.resolve('tsx/cjs');
    const file = join(__dirname, 'ingest-worker.ts');
    return { code: `require(${JSON.stringify(register)}); require(${JSON.stringify(file)});`, eval: true };
  }
  const file = join(__dirname, 'ingest-worker.js');
  if (!existsSync(file)) throw new Error(`ingest worker bundle not found at ${file}`);
  return { code: file, eval: false };
}

export function rebuildError(error: SerializedError): Error {
  if (error.name === 'StorageWriteError') return new StorageUnavailableError(error.message);
  const rebuilt = error.name === 'OtlpDecodeError' ? new OtlpDecodeError(error.message) : new Error(error.message);
  if (error.name !== 'OtlpDecodeError') rebuilt.name = error.name;
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/** Hand a body to the worker without a copy when it owns its whole buffer; copy otherwise (pooled Buffers). */
export function transferable(body: Uint8Array): { view: Uint8Array; transfer: ArrayBuffer[] } {
  const buffer = body.buffer;
  if (buffer instanceof ArrayBuffer && body.byteOffset === 0 && body.byteLength === buffer.byteLength && body.byteLength > 0) {
    return { view: body, transfer: [buffer] };
  }
  const copy = new Uint8Array(body.byteLength);
  copy.set(body);
  return { view: copy, transfer: [copy.buffer] };
}
