// End-to-end receiver benchmark: a load generator in a child process posts 512-span batches over
// OTLP/HTTP (protobuf, then JSON) to a receiver + ingest worker in this process, which stands in for
// the extension host. Reports spans/s, this thread's event-loop delay p99 during load, and peak RSS.
// Run: node --import tsx scripts/bench/receiver.ts [batchesPerEncoding]   (prints numbers; asserts nothing)
// The same file is the load generator when started with --load (see loadMain).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Attributes, RawSpan } from '../../src/core/model/types';
import { encodeTracesJson, encodeTracesProtobuf, type OtlpEncoding } from '../../src/core/otlp';
import { OtlpReceiver, StoreWorker } from '../../src/receiver';

const BATCH = 512;
const ATTRS = 20;
const CONCURRENCY = 4;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
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
  const bodies = Array.from({ length: batches }, (_, b) => {
    const spans = makeBatch(offset + b);
    return encoding === 'protobuf' ? encodeTracesProtobuf(spans) : new TextEncoder().encode(JSON.stringify(encodeTracesJson(spans)));
  });
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

async function benchMain(batches: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trace-lens-bench-'));
  const worker = await StoreWorker.start({ dir });
  const receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  const url = `http://127.0.0.1:${receiver.address.http.port}/v1/traces`;
  console.log(`receiver end to end, ${BATCH}-span batches with ${ATTRS} attributes, ${CONCURRENCY} in flight, durable store (node ${process.version})`);
  const rows: string[][] = [];
  let offset = 0;
  for (const encoding of ['protobuf', 'json'] as const) {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
    delay.enable();
    const result = await runLoad(url, encoding, batches, offset);
    delay.disable();
    clearInterval(sampler);
    offset += batches;
    rows.push([
      `HTTP ${encoding}`,
      Math.round(result.spans / result.seconds).toLocaleString('en-US'),
      (delay.percentile(99) / 1e6).toFixed(1),
      (delay.max / 1e6).toFixed(1),
      (peakRss / 1024 ** 2).toFixed(0),
      String(result.retries),
      `${result.spans.toLocaleString('en-US')} spans, ${(result.bytes / 1024 ** 2).toFixed(1)} MB in ${result.seconds.toFixed(2)} s`,
    ]);
  }
  const stats = await worker.stats();
  await receiver.stop();
  await worker.stop();
  rmSync(dir, { recursive: true, force: true });
  const headers = ['transport', 'spans/s', 'loop p99 ms', 'loop max ms', 'peak RSS MB', '429 retries', 'load'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [headers, ...rows]) console.log(row.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  console.log(`stored ${stats.spans.toLocaleString('en-US')} spans in ${stats.traces.toLocaleString('en-US')} traces`);
}

const args = process.argv.slice(2);
const main = args[0] === '--load'
  ? loadMain(args[1]!, args[2] as OtlpEncoding, Number(args[3]), Number(args[4]))
  : benchMain(Number(args[0] ?? 60));
main.catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
