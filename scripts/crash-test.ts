// Crash test: a writer child (scripts/crash-test/child.ts) ingests traces into a store folder with small
// settings (frequent snapshots, rotation, compaction, retention) and is killed with SIGKILL at a random
// moment; this process then reopens the folder and checks the newest acked traces are all there, complete.
// The folder carries over between iterations (so the store reaches retention) and starts afresh every
// FRESH_EVERY iterations, when a store failed to open, or before failing traces pile up beyond what
// retention keeps alongside the checked window (retention drops healthy traces before failing ones).
// Run: node --import tsx scripts/crash-test.ts [iterations=50] [--seed N] [--keep]    (or `npm run crash-test`)
// Exits 1 when an acked trace was lost or incomplete, or a store failed to open.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TraceStore } from '../src/core/store';
import { makeRandom } from './bench/lib/genai-spans';
import {
  hasError, hasLog, logText, RETENTION, spanIdOf, SPANS_PER_TRACE, traceIdOf, traceNumberOf,
} from './crash-test/traces';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const ITERATIONS = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--seed') ?? 50);
const SEED = Number(flag('--seed') ?? Date.now() % 100_000);
const KEEP = args.includes('--keep');
const CHECK_WINDOW = 200;
const KILL_MIN_MS = 50;
const KILL_MAX_MS = 1500;
const FRESH_EVERY = 5;
/** Failing traces a folder may gather before it starts afresh: they plus the window stay well inside retention. */
const ERROR_TRACE_BUDGET = Math.floor((RETENTION.maxSpans! / SPANS_PER_TRACE - CHECK_WINDOW) / 2);
const CHILD = path.join(__dirname, 'crash-test', 'child.ts');

interface Run { acked: number[]; warnings: string[]; killedAfterMs: number; exitedByItself: string | null }

/** Starts the writer, kills it `delayMs` after it reported `ready`, and collects what it acked. */
function runWriter(dir: string, first: number, delayMs: number): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { acked: [], warnings: [], killedAfterMs: Number.NaN, exitedByItself: null };
  let pending = '';
  let stderr = '';
  let readyAt = 0;
  let timer: NodeJS.Timeout | undefined;
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('acked ')) run.acked.push(traceNumberOf(line.slice(6)));
      else if (line.startsWith('warning ')) run.warnings.push(line.slice(8));
      else if (line === 'ready' && !timer) {
        readyAt = performance.now();
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }
  });
  return new Promise((resolve) => {
    // 'close' comes after stdout ended, so every ack that reached the pipe has been read.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') run.killedAfterMs = performance.now() - readyAt;
      else run.exitedByItself = `exit ${code ?? signal}: ${stderr.trim().slice(0, 500)}`;
      resolve(run);
    });
  });
}

interface Verdict { opened: boolean; openMs: number; checked: number; lost: string[]; warnings: string[]; spans: number }

/** Reopens the folder here and checks the newest CHECK_WINDOW acked traces are complete. */
async function verify(dir: string, acked: number[]): Promise<Verdict> {
  const verdict: Verdict = { opened: false, openMs: 0, checked: 0, lost: [], warnings: [], spans: 0 };
  const started = performance.now();
  let store: TraceStore;
  try {
    store = await TraceStore.open({ dir, retention: RETENTION, onWarning: (message) => verdict.warnings.push(message) });
  } catch (error) {
    verdict.lost.push(`open failed: ${(error as Error).message}`);
    return verdict;
  }
  verdict.opened = true;
  verdict.openMs = performance.now() - started;
  try {
    for (const n of acked.slice(-CHECK_WINDOW)) {
      verdict.checked++;
      const id = traceIdOf(n);
      const summary = store.getTraceSummary(id);
      const problem = !summary ? 'missing'
        : summary.spanCount !== SPANS_PER_TRACE ? `${summary.spanCount} of ${SPANS_PER_TRACE} spans`
        : summary.errorCount !== (hasError(n) ? 1 : 0) ? `error count ${summary.errorCount}`
        : store.getTraceStructure(id).length !== SPANS_PER_TRACE ? 'structure incomplete'
        : hasLog(n) && !JSON.stringify(store.getSpan(id, spanIdOf(n, 2))?.events ?? []).includes(logText(n)) ? 'log record missing'
        : null;
      if (problem) verdict.lost.push(`trace ${n} (${id}): ${problem}`);
    }
    verdict.spans = store.stats().spans;
  } finally {
    await store.close();
  }
  return verdict;
}

async function main(): Promise<void> {
  const random = makeRandom(SEED);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-crash-'));
  console.log(`crash test: ${ITERATIONS} iterations, seed ${SEED}, kill ${KILL_MIN_MS}-${KILL_MAX_MS} ms after open, folder ${root}`);
  const totals = { checked: 0, lost: 0, openFailures: 0, childWarnings: 0, reopenWarnings: 0, writerFailures: 0 };
  const warningKinds = new Map<string, number>();
  let dir = '';
  let acked: number[] = [];
  let nextTrace = 1;
  for (let i = 1; i <= ITERATIONS; i++) {
    const errorsSoFar = acked.filter(hasError).length;
    const fresh = dir === '' || (i - 1) % FRESH_EVERY === 0 || errorsSoFar > ERROR_TRACE_BUDGET;
    if (fresh) {
      dir = path.join(root, `store-${i}`);
      acked = [];
    }
    const delay = Math.round(KILL_MIN_MS + random() * (KILL_MAX_MS - KILL_MIN_MS));
    const run = await runWriter(dir, nextTrace, delay);
    acked.push(...run.acked);
    nextTrace = run.acked.reduce((max, n) => Math.max(max, n + 1), nextTrace);
    const verdict = await verify(dir, acked);
    totals.checked += verdict.checked;
    totals.lost += verdict.opened ? verdict.lost.length : 0;
    totals.openFailures += verdict.opened ? 0 : 1;
    totals.childWarnings += run.warnings.length;
    totals.reopenWarnings += verdict.warnings.length;
    if (run.exitedByItself) totals.writerFailures++;
    for (const w of [...run.warnings, ...verdict.warnings]) {
      const kind = w.replace(/\d+/g, 'N').slice(0, 80);
      warningKinds.set(kind, (warningKinds.get(kind) ?? 0) + 1);
    }
    const killed = run.exitedByItself ? `writer ended by itself (${run.exitedByItself})` : `killed ${Math.round(run.killedAfterMs)} ms after open`;
    console.log(`#${String(i).padStart(3)} ${fresh ? 'fresh' : 'cont.'} ${killed}: acked ${run.acked.length} (folder ${acked.length}), `
      + `reopen ${verdict.opened ? `${Math.round(verdict.openMs)} ms, ${verdict.spans} spans held` : 'FAILED'}, `
      + `checked ${verdict.checked}, lost ${verdict.opened ? verdict.lost.length : '-'}, warnings ${run.warnings.length}+${verdict.warnings.length}`);
    for (const problem of verdict.lost.slice(0, 5)) console.log(`      ${problem}`);
    if (!verdict.opened) {
      // Keep the folder that failed to open for a look; the next iteration starts afresh.
      fs.renameSync(dir, path.join(root, `failed-${i}`));
      dir = '';
    }
    if (!KEEP && fresh && i > 1) removeOlderStores(root, dir);
  }
  console.log('\nsummary');
  console.log(`  iterations                 ${ITERATIONS} (seed ${SEED})`);
  console.log(`  acked traces checked       ${totals.checked}`);
  console.log(`  lost or incomplete         ${totals.lost}`);
  console.log(`  stores that failed to open ${totals.openFailures}`);
  console.log(`  writers that ended early   ${totals.writerFailures}`);
  console.log(`  warnings                   ${totals.childWarnings + totals.reopenWarnings} (writer opens ${totals.childWarnings}, reopens here ${totals.reopenWarnings})`);
  for (const [kind, count] of warningKinds) console.log(`    ${count}x ${kind}`);
  if (KEEP || totals.openFailures > 0) console.log(`kept ${root}`);
  else fs.rmSync(root, { recursive: true, force: true });
  process.exitCode = totals.lost > 0 || totals.openFailures > 0 || totals.writerFailures > 0 ? 1 : 0;
}

/** Keeps disk use flat: only the current folder stays. */
function removeOlderStores(root: string, current: string): void {
  for (const name of fs.readdirSync(root)) {
    if (path.join(root, name) !== current && !name.startsWith('failed-')) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
