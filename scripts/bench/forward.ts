// Local ingest with forwarding on vs off, in one run: the same load generator as receiver.ts (a child
// process posting 512-span HTTP protobuf batches, 4 in flight) against a receiver + StoreWorker in this
// process. "On" forwards every accepted request to an upstream OTLP/HTTP sink in another child process
// (it reads each body and answers 200), through the on-disk queue. Rounds alternate off/on so drift on
// the shared cores hits both. Goal: ingest with forwarding on ≥ 0.9× off.
// Run: node --import tsx scripts/bench/forward.ts [batchesPerRound=120] [rounds=2]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ForwardManager } from '../../src/core/forward/forwarder';
import { OtlpReceiver } from '../../src/receiver';
import { StoreWorker } from '../../src/store-worker';
import { fmtInt, ratio, targetLine } from './lib/report';

const GOAL = 0.9;
const BATCH = 512;

interface LoadResult { spans: number; seconds: number; retries: number; bytes: number }

function runLoad(target: string, batches: number, offset: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'receiver.ts'), '--load', target, 'protobuf',
      String(batches), String(offset)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load exited with ${code}`))));
  });
}

/** Child process: an OTLP/HTTP endpoint that reads and counts bodies. */
function sinkMain(): void {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': '0' });
      res.end();
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
  process.on('message', () => process.send?.(requests));
}

function startSink(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--sink'], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    child.stdout!.once('data', (c: Buffer) => resolve({ child, port: Number(c.toString().trim()) }));
    child.once('exit', (code) => reject(new Error(`sink exited with ${code}`)));
  });
}

interface Round { rate: number; queued: number; cpuUsPerSpan: number }

async function round(forwardTo: number | null, batches: number, offset: number, root: string): Promise<Round> {
  const dir = mkdtempSync(join(root, 'store-'));
  const forward = forwardTo === null ? null
    : new ForwardManager([{ url: `http://127.0.0.1:${forwardTo}`, protocol: 'http/protobuf', headers: {} }], join(dir, 'forward-queue'));
  const worker = await StoreWorker.start({ dir, ...(forward ? { forwardEncodings: forward.encodings() } : {}) });
  if (forward) worker.onDidAccept((requests) => forward.enqueue(requests));
  const receiver = await OtlpReceiver.start({ host: '127.0.0.1', httpPort: 0, grpcPort: 0 }, worker);
  const cpu = process.cpuUsage();
  const result = await runLoad(`http://127.0.0.1:${receiver.address.http.port}/v1/traces`, batches, offset);
  // CPU of this process (receiver thread + store worker + forwarding), less sensitive than the rate to
  // other load on shared cores. Taken when the load ends: delivery still running is not counted.
  const used = process.cpuUsage(cpu);
  await receiver.stop();
  await worker.stop();
  const queued = forward ? forward.status()[0]!.queuedRequests : 0;
  await forward?.stop();
  return { rate: result.spans / result.seconds, queued, cpuUsPerSpan: (used.user + used.system) / result.spans };
}

async function benchMain(batches: number, rounds: number): Promise<void> {
  console.log(`local ingest with forwarding off vs on: ${batches} × ${BATCH}-span HTTP protobuf batches per round, ${rounds} round(s) each, alternating`);
  const root = mkdtempSync(join(tmpdir(), 'trace-lens-bench-forward-'));
  const sink = await startSink();
  try {
    const off: number[] = [];
    const on: number[] = [];
    const cpuOff: number[] = [];
    const cpuOn: number[] = [];
    let offset = 0;
    for (let r = 0; r < rounds; r++) {
      const plain = await round(null, batches, offset, root);
      off.push(plain.rate);
      cpuOff.push(plain.cpuUsPerSpan);
      offset += batches;
      const forwarded = await round(sink.port, batches, offset, root);
      on.push(forwarded.rate);
      cpuOn.push(forwarded.cpuUsPerSpan);
      offset += batches;
      console.log(`  round ${r + 1}: off ${fmtInt(off[r]!)} spans/s, on ${fmtInt(on[r]!)} spans/s `
        + `(${forwarded.queued} request(s) still queued when ingest ended); CPU of this process per span `
        + `off ${plain.cpuUsPerSpan.toFixed(1)} µs, on ${forwarded.cpuUsPerSpan.toFixed(1)} µs`);
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const delivered = await new Promise<number>((resolve) => {
      sink.child.once('message', (n) => resolve(Number(n)));
      sink.child.send('count');
    });
    console.log(`upstream received ${fmtInt(delivered)} request(s) of ${fmtInt(rounds * batches)} forwarded`);
    console.log(`CPU per span in this process: off ${mean(cpuOff).toFixed(1)} µs, on ${mean(cpuOn).toFixed(1)} µs `
      + `(${ratio(mean(cpuOn), mean(cpuOff))})`);
    console.log(targetLine(`local ingest with forwarding on ≥ ${GOAL}× off (same run)`, mean(on) / mean(off) >= GOAL,
      `${fmtInt(mean(on))} vs ${fmtInt(mean(off))} spans/s = ${ratio(mean(on), mean(off))}`));
  } finally {
    sink.child.kill();
    rmSync(root, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--sink') sinkMain();
else {
  benchMain(Number(args[0] ?? 120), Number(args[1] ?? 2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
