// End-to-end receiver benchmark: a load generator in a child process posts 512-span batches over
// OTLP/HTTP (protobuf, then JSON) to a receiver + ingest worker in this process, which stands in for
// the extension host. Reports spans/s, this thread's event-loop delay p99 during load, and peak RSS.
// The same load then goes to an inline sink (decode + insert on this thread, no worker), and the
// decode alone is timed here too, so the ratios below come from one run on one machine.
// Run: node --import tsx scripts/bench/receiver.ts [batchesPerEncoding]   (prints numbers; asserts nothing)
// The same file is the load generator when started with --load (see loadMain).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Attributes, RawSpan } from '../../src/core/model/types';
import { decodeRequest, encodeTracesJson, encodeTracesProtobuf, type OtlpEncoding } from '../../src/core/otlp';
import { TraceStore } from '../../src/core/store';
import { OtlpReceiver, StoreWorker, type IngestSink } from '../../src/receiver';
import { fmtInt, ratio, targetLine } from './lib/report';

const INGEST_TARGET_SPANS_PER_S = 5000;

const BATCH = 512;
const ATTRS = 20;
const CONCURRENCY = 4;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

function encodeBatch(batch: number, encoding: OtlpEncoding): Uint8Array {
  const spans = makeBatch(batch);
  return encoding === 'protobuf' ? encodeTracesProtobuf(spans) : new TextEncoder().encode(JSON.stringify(encodeTracesJson(spans)));
}

function makeBatch(batch: number): RawSpan[] {
  const start = 1_795_000_000_000_000_000n + BigInt(batch) * 1_000_000_000n;
  const resource: Attributes = { 'service.name': 'bench-agent', 'host.name': 'vm' };
  return Array.from({ length: BATCH }, (_, i) => {
    const attributes: Attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-bench' };
    for (let a = 2; a < ATTRS; a++) attributes[`app.attr_${a}`] = a % 3 === 0 ? i * a : a % 3 === 1 ? `value ${i} ${a}` : a % 2 === 0;
    const traceNo = batch * 32 + (i >> 4);
    return {
      traceId: hex(traceNo + 1, 32),
      spanId: hex(batch * BATCH + i + 1, 16),
      parentSpanId: i % 16 === 0 ? null : hex(batch * BATCH + (i & ~15) + 1, 16),
      traceState: '',
      name: i % 16 === 0 ? 'agent run' : `chat ${i % 5}`,
      otelKind: 3,
      startTimeUnixNano: String(start + BigInt(i) * 1000n),
      endTimeUnixNano: String(start + BigInt(i) * 1000n + 500_000n),
      attributes,
      events: [],
      links: [],
      statusCode: 0,
      statusMessage: '',
      resource,
      scope: { name: 'bench', version: '1' },
    };
  });
}

/** Child process: pre-encode, then post every batch with CONCURRENCY in flight; retry 429/503. */
async function loadMain(url: string, encoding: OtlpEncoding, batches: number, offset: number): Promise<void> {
  const bodies = Array.from({ length: batches }, (_, b) => encodeBatch(offset + b, encoding));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const contentType = encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
  let retries = 0;
  const postOnce = (body: Uint8Array): Promise<number> => new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      for (;;) {
        const status = await postOnce(body);
        if (status === 200) break;
        if (status !== 429 && status !== 503) throw new Error(`unexpected status ${status}`);
        retries++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ spans: batches * BATCH, seconds, retries, bytes: bodies.reduce((n, b) => n + b.length, 0) })}\n`);
}

interface LoadResult { spans: number; seconds: number; retries: number; bytes: number }

function runLoad(url: string, encoding: OtlpEncoding, batches: number, offset: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--load', url, encoding, String(batches), String(offset)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out) as LoadResult);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

interface ModeResult { rate: number; p99: number; row: string[] }

/** Posts `batches` batches of each encoding to a receiver in front of `sink`; one table row per encoding. */
async function runMode(label: string, sink: IngestSink, batches: number, offset: number): Promise<Map<OtlpEncoding, ModeResult>> {
  const receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, sink);
  const url = `http://127.0.0.1:${receiver.address.http.port}/v1/traces`;
  const results = new Map<OtlpEncoding, ModeResult>();
  for (const encoding of ['protobuf', 'json'] as const) {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
    delay.enable();
    const result = await runLoad(url, encoding, batches, offset);
    delay.disable();
    clearInterval(sampler);
    offset += batches;
    const rate = result.spans / result.seconds;
    const p99 = delay.percentile(99) / 1e6;
    results.set(encoding, {
      rate, p99,
      row: [
        `${label}, HTTP ${encoding}`, fmtInt(rate), p99.toFixed(1), (delay.max / 1e6).toFixed(1), (peakRss / 1024 ** 2).toFixed(0),
        String(result.retries), `${fmtInt(result.spans)} spans, ${(result.bytes / 1024 ** 2).toFixed(1)} MB in ${result.seconds.toFixed(2)} s`,
      ],
    });
  }
  await receiver.stop();
  return results;
}

/** decodeRequest alone over the same kind of bodies, in this process (spans/s, best of 3 passes). */
function decodeOnlyRate(encoding: OtlpEncoding): number {
  const bodies = Array.from({ length: 10 }, (_, b) => encodeBatch(100_000 + b, encoding));
  let best = 0;
  for (let pass = 0; pass < 3; pass++) {
    const t0 = process.hrtime.bigint();
    for (const body of bodies) decodeRequest(body, 'traces', encoding);
    best = Math.max(best, (bodies.length * BATCH) / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return best;
}

async function benchMain(batches: number): Promise<void> {
  console.log(`receiver end to end, ${BATCH}-span batches with ${ATTRS} attributes, ${CONCURRENCY} in flight, durable store (node ${process.version})`);
  const workerDir = mkdtempSync(join(tmpdir(), 'trace-lens-bench-'));
  const inlineDir = mkdtempSync(join(tmpdir(), 'trace-lens-bench-inline-'));
  try {
    const worker = await StoreWorker.start({ dir: workerDir });
    const viaWorker = await runMode('worker', worker, batches, 0);
    const stats = await worker.stats();
    await worker.stop();
    // The design the worker replaces: decode + normalize + insert inside the request handler.
    const store = await TraceStore.open({ dir: inlineDir });
    const inlineSink: IngestSink = { submit: async (body, signal, encoding) => store.ingestRequest(body, signal, encoding) };
    const inline = await runMode('inline', inlineSink, batches, 2 * batches);
    await store.close();
    const decodeOnly = { protobuf: decodeOnlyRate('protobuf'), json: decodeOnlyRate('json') };

    const rows = [...viaWorker.values(), ...inline.values()].map((r) => r.row);
    const headers = ['mode, transport', 'spans/s', 'loop p99 ms', 'loop max ms', 'peak RSS MB', '429 retries', 'load'];
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [headers, ...rows]) console.log(row.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
    console.log(`stored ${fmtInt(stats.spans)} spans in ${fmtInt(stats.traces)} traces (worker run)`);
    console.log('ratios (same run):');
    for (const encoding of ['protobuf', 'json'] as const) {
      const w = viaWorker.get(encoding)!;
      const n = inline.get(encoding)!;
      console.log(`  ${encoding.padEnd(8)} decode only ${fmtInt(decodeOnly[encoding])} spans/s; end to end via worker = ${ratio(w.rate, decodeOnly[encoding])} of it, `
        + `inline = ${ratio(n.rate, decodeOnly[encoding])}; worker / inline rate = ${ratio(w.rate, n.rate)}; `
        + `main-thread loop p99 inline / worker = ${ratio(n.p99, w.p99)} (${n.p99.toFixed(1)} vs ${w.p99.toFixed(1)} ms)`);
    }
    const slowest = Math.min(...[...viaWorker.values()].map((r) => r.rate));
    console.log(targetLine(`${fmtInt(INGEST_TARGET_SPANS_PER_S)} spans/s sustained per instance (worker, slower encoding)`,
      slowest >= INGEST_TARGET_SPANS_PER_S, `${fmtInt(slowest)} spans/s, ${ratio(slowest, INGEST_TARGET_SPANS_PER_S)} the target`));
  } finally {
    rmSync(workerDir, { recursive: true, force: true });
    rmSync(inlineDir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const main = args[0] === '--load'
  ? loadMain(args[1]!, args[2] as OtlpEncoding, Number(args[3]), Number(args[4]))
  : benchMain(Number(args[0] ?? 60));
main.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
