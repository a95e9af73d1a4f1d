// Shared helpers for receiver tests: raw HTTP posts, temp folders, a scriptable sink.
import { request, type Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OtlpEncoding, OtlpSignal } from '../../../src/core/otlp';
import type { IngestResult } from '../../../src/core/store';
import type { IngestSink } from '../../../src/receiver';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function httpRequest(
  url: string,
  options: {
    method?: string; headers?: Record<string, string>; body?: Uint8Array | string; chunks?: Uint8Array[]; agent?: Agent;
  },
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // The server may cut a refused upload short; the reply already arrived by then.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (options.chunks) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else {
      req.end(options.body);
    }
  });
}

export function post(url: string, body: Uint8Array | string, contentType: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return httpRequest(url, { body, headers: { 'Content-Type': contentType, ...headers } });
}

export function tempDir(prefix = 'trace-lens-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SinkCall {
  body: Buffer;
  signal: OtlpSignal;
  encoding: OtlpEncoding;
}

/** A sink whose next answer the test decides (a result or an error to throw). */
export class ScriptedSink implements IngestSink {
  readonly calls: SinkCall[] = [];
  next: (call: SinkCall) => IngestResult = () => ({
    acceptedSpans: 1, rejectedSpans: 0, acceptedLogs: 0, message: null, traceIds: [],
  });

  async submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): Promise<IngestResult> {
    const call = { body: Buffer.from(body), signal, encoding };
    this.calls.push(call);
    return this.next(call);
  }
}

export const fixturesDir = join(__dirname, '..', '..', 'fixtures', 'otlp');

/** An OTLP/JSON trace request with `spanCount` spans in one trace (ids derived from `seed`). */
export function syntheticTraceRequest(spanCount: number, seed: number): { body: string; traceId: string } {
  const traceId = seed.toString(16).padStart(32, '0');
  const start = 1_700_000_000_000_000_000n + BigInt(seed) * 1_000_000_000n;
  const spans = Array.from({ length: spanCount }, (_, i) => ({
    traceId,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: i === 0 ? '' : '0000000000000001',
    name: i === 0 ? 'root' : `child ${i}`,
    kind: 1,
    startTimeUnixNano: (start + BigInt(i) * 1000n).toString(),
    endTimeUnixNano: (start + BigInt(i) * 1000n + 500n).toString(),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'fake-model' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: 10 } },
      { key: 'index', value: { intValue: i } },
    ],
    status: { code: 0 },
  }));
  const body = JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'synthetic' } }] },
      scopeSpans: [{ scope: { name: 'synthetic', version: '1' }, spans }],
    }],
  });
  return { body, traceId };
}

/** Resolves once `condition` holds; rejects with `what` after `timeoutMs` (events arrive asynchronously). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
