// Disk-write benchmark, tried as a user would: `trace-lens serve` at default settings in a child process,
// 4 concurrent senders posting 512-span OTLP/JSON batches of GenAI agent spans (~1 KB of attributes each)
// until TOTAL spans; retries 429/503 after Retry-After. Measures the serve process from /proc/<pid>/io
// (write_bytes, wchar), its peak RSS, spans/s and the store folder; then checks with `trace-lens ls --json`
// that every span arrived (traces the default retention evicted are counted, not lost).
// Run: node --import tsx scripts/bench/disk-writes.ts [totalSpans=300000] [--keep]   (or `npm run bench -- disk`)
// Reports only: a missed goal prints MISS; a lost span or a failing serve fails the run.
import fs from 'node:fs';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeTracesJson } from '../../src/core/otlp';
import { BATCH, SpanFactory } from './lib/genai-spans';
import { httpPost } from './lib/load-senders';
import { fmtInt, rate, targetLine } from './lib/report';
import {
  cliCommand, folderBytes, readIo, readMemory, runCli, startServe, type IoCounters, type ServeProcess,
} from './lib/serve-process';

const TOTAL = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 300_000);
const KEEP = process.argv.includes('--keep');
const SENDERS = 4;
/** Longer generated texts: about 1 KB of attributes per span (0.77 KB at 1). */
const TEXT_SCALE = 2.5;
const RATIO_GOAL = 2.5;
/** After the last batch, wait until write_bytes stays put this long (writeback of the last groups; snapshots come with ingest, not idle time). */
const SETTLE_QUIET_MS = 4000;
const SETTLE_MAX_MS = 120_000;
const MB = 1024 ** 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

interface Load {
  spans: number;
  /** Bodies the receiver accepted (each counted once). */
  acceptedBytes: number;
  /** Every body posted, retries included. */
  postedBytes: number;
  retries: number;
  rejectedSpans: number;
  /** Spans sent per trace id, in the order the traces started. */
  sentPerTrace: Map<string, number>;
}

/** POSTs one body until the receiver takes it, honouring Retry-After on 429/503; returns the 200 answer's body. */
async function postUntilAccepted(url: string, agent: Agent, body: Uint8Array, load: Load): Promise<string> {
  for (;;) {
    load.postedBytes += body.length;
    const answer = await httpPost(url, 'application/json', agent, body);
    if (answer.status === 200) return answer.body;
    if (answer.status !== 429 && answer.status !== 503) throw new Error(`HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
    load.retries++;
    await sleep(answer.retryAfterMs ?? 1000);
  }
}

/** SENDERS loops share one generator (batches are made on demand, so memory stays flat). */
async function sendAll(port: number): Promise<Load> {
  const factory = new SpanFactory(TEXT_SCALE);
  const load: Load = { spans: 0, acceptedBytes: 0, postedBytes: 0, retries: 0, rejectedSpans: 0, sentPerTrace: new Map() };
  const url = `http://127.0.0.1:${port}/v1/traces`;
  let nextReport = 50_000;
  const nextBatch = (): { body: Uint8Array; spans: number } | null => {
    const count = Math.min(BATCH, TOTAL - factory.produced);
    if (count <= 0) return null;
    const spans = factory.batch(count);
    for (const span of spans) load.sentPerTrace.set(span.traceId, (load.sentPerTrace.get(span.traceId) ?? 0) + 1);
    return { body: Buffer.from(JSON.stringify(encodeTracesJson(spans)), 'utf8'), spans: count };
  };
  const sender = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let batch = nextBatch(); batch !== null; batch = nextBatch()) {
        const answer = JSON.parse(await postUntilAccepted(url, agent, batch.body, load) || '{}') as {
          partialSuccess?: { rejectedSpans?: string | number };
        };
        load.rejectedSpans += Number(answer.partialSuccess?.rejectedSpans ?? 0);
        load.acceptedBytes += batch.body.length;
        load.spans += batch.spans;
        if (load.spans >= nextReport) {
          console.log(`  ${fmtInt(load.spans)} spans accepted`);
          nextReport += 50_000;
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return load;
}

/** Polls the serve process's RSS until stopped; VmHWM read at the end gives the exact peak. */
function watchMemory(pid: number): { stop(): number } {
  let peak = 0;
  const poll = (): void => { peak = Math.max(peak, readMemory(pid)?.rss ?? 0); };
  const timer = setInterval(poll, 100);
  return {
    stop: () => {
      clearInterval(timer);
      poll();
      return Math.max(peak, readMemory(pid)?.hwm ?? 0);
    },
  };
}

/** Waits until write_bytes has not moved for SETTLE_QUIET_MS, at most SETTLE_MAX_MS. */
async function settle(pid: number): Promise<IoCounters> {
  let last = readIo(pid)!;
  let quietSince = performance.now();
  const deadline = performance.now() + SETTLE_MAX_MS;
  while (performance.now() - quietSince < SETTLE_QUIET_MS && performance.now() < deadline) {
    await sleep(250);
    const now = readIo(pid)!;
    if (now.writeBytes !== last.writeBytes || now.wchar !== last.wchar) quietSince = performance.now();
    last = now;
  }
  return last;
}

/** SIGTERM (serve stops the receiver, then the worker closes the store), sampling /proc/<pid>/io until it is gone. */
async function stopServe(serve: ServeProcess): Promise<{ exit: number | string; lastIo: IoCounters; ms: number }> {
  const started = performance.now();
  let lastIo = readIo(serve.pid)!;
  let gone = false;
  void serve.exited.then(() => { gone = true; });
  serve.child.kill('SIGTERM');
  while (!gone) {
    lastIo = readIo(serve.pid) ?? lastIo;
    await sleep(20);
  }
  return { exit: await serve.exited, lastIo, ms: performance.now() - started };
}

interface Check { heldTraces: number; heldSpans: number; evictedTraces: number; evictedSpans: number; lost: number; notes: string[] }

/**
 * `trace-lens ls --db DIR --json` after serve stopped. A trace is fine when it holds every span sent; a missing
 * trace counts as evicted when it is older than the oldest healthy trace still held (retention drops the oldest
 * healthy traces first), else as lost. Any partial trace is lost.
 */
function verify(dir: string, load: Load): Check {
  const listed = JSON.parse(runCli(['ls', '--db', dir, '--json'])) as Array<{ traceId: string; spanCount: number; errorCount: number }>;
  const held = new Map(listed.map((t) => [t.traceId, t]));
  const order = [...load.sentPerTrace.keys()];
  const oldestHealthy = order.findIndex((id) => held.has(id) && held.get(id)!.errorCount === 0);
  const check: Check = { heldTraces: 0, heldSpans: 0, evictedTraces: 0, evictedSpans: 0, lost: 0, notes: [] };
  order.forEach((id, index) => {
    const sent = load.sentPerTrace.get(id)!;
    const trace = held.get(id);
    if (trace && trace.spanCount === sent) {
      check.heldTraces++;
      check.heldSpans += sent;
    } else if (!trace && oldestHealthy >= 0 && index < oldestHealthy) {
      check.evictedTraces++;
      check.evictedSpans += sent;
    } else {
      check.lost++;
      if (check.notes.length < 5) check.notes.push(`${id}: sent ${sent} spans, store holds ${trace?.spanCount ?? 'no trace'}`);
    }
  });
  const unknown = listed.filter((t) => !load.sentPerTrace.has(t.traceId)).length;
  if (unknown > 0) check.notes.push(`${unknown} listed traces were never sent`);
  return check;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-bench-disk-'));
  const dir = path.join(root, 'store');
  console.log(`trace-lens ${cliCommand().label}: serve --db ${dir}; ${fmtInt(TOTAL)} spans from ${SENDERS} senders, ${BATCH}-span OTLP/JSON batches`);
  let serve: ServeProcess | null = null;
  try {
    serve = await startServe(dir);
    const pid = serve.pid;
    console.log(`serve pid ${pid} on 127.0.0.1:${serve.httpPort}`);
    const before = readIo(pid)!;
    const memory = watchMemory(pid);
    const started = performance.now();
    const load = await sendAll(serve.httpPort);
    const elapsedMs = performance.now() - started;
    const ingested = readIo(pid)!;
    console.log(`all ${fmtInt(load.spans)} spans accepted in ${(elapsedMs / 1000).toFixed(1)} s; waiting for writes to settle`);
    const settled = await settle(pid);
    const liveFolder = folderBytes(dir);
    const peakRss = memory.stop();
    const stopped = await stopServe(serve);
    serve = null;
    if (stopped.exit !== 0) throw new Error(`serve exited with ${stopped.exit} after SIGTERM`);
    const folder = folderBytes(dir);
    const check = verify(dir, load);

    const written = (io: IoCounters): number => io.writeBytes - before.writeBytes;
    const wchar = (io: IoCounters): number => io.wchar - before.wchar;
    const received = load.acceptedBytes;
    const row = (label: string, value: string): void => console.log(`${label.padEnd(44)} ${value}`);
    console.log('');
    row('spans/s (accepted, HTTP 200)', fmtInt(rate(load.spans, elapsedMs)));
    row('elapsed', `${(elapsedMs / 1000).toFixed(1)} s`);
    row('OTLP bytes received (accepted bodies)', `${mb(received)} (${fmtInt(received / load.spans)} B/span)`);
    row('OTLP bytes posted (with retries)', `${mb(load.postedBytes)}, ${load.retries} retries (429/503)`);
    row('write_bytes during ingest', `${mb(written(ingested))} (${(written(ingested) / received).toFixed(2)}x received)`);
    row('write_bytes until writes settled', `${mb(written(settled))} (${(written(settled) / received).toFixed(2)}x received)`);
    row('write_bytes until exit (last sample)', `${mb(written(stopped.lastIo))} (${(written(stopped.lastIo) / received).toFixed(2)}x received)`);
    row('cancelled_write_bytes until exit', mb(stopped.lastIo.cancelledWriteBytes - before.cancelledWriteBytes));
    row('wchar during ingest', `${mb(wchar(ingested))} (${(wchar(ingested) / received).toFixed(2)}x received)`);
    row('wchar until exit (last sample)', `${mb(wchar(stopped.lastIo))} (${(wchar(stopped.lastIo) / received).toFixed(2)}x received)`);
    row('peak RSS of serve (VmHWM)', mb(peakRss));
    row('store folder, settled / after stop', `${mb(liveFolder)} / ${mb(folder)}`);
    row('SIGTERM to exit', `${fmtInt(stopped.ms)} ms`);
    row('rejected spans (partialSuccess)', fmtInt(load.rejectedSpans));
    row('trace-lens ls: held', `${fmtInt(check.heldSpans)} spans in ${fmtInt(check.heldTraces)} complete traces`);
    row('trace-lens ls: evicted by retention', `${fmtInt(check.evictedSpans)} spans in ${fmtInt(check.evictedTraces)} oldest traces`);
    row('trace-lens ls: lost', fmtInt(check.lost));
    for (const note of check.notes) console.log(`  ${note}`);
    console.log(targetLine(`written/received ≤ ${RATIO_GOAL} (until exit)`, written(stopped.lastIo) / received <= RATIO_GOAL,
      `${(written(stopped.lastIo) / received).toFixed(2)}x`));
    if (check.lost > 0 || load.rejectedSpans > 0 || check.notes.length > 0) throw new Error('spans went missing (see above)');
  } finally {
    if (serve) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    if (KEEP) console.log(`kept ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
