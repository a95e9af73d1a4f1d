import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadContractSet, type ContractSet } from '../../../../src/core/contracts';
import type { NormalizedSpan, TraceSummary } from '../../../../src/core/model/types';
import type { TraceFilter } from '../../../../src/core/store';
import type { IngestEvent } from '../../../../src/store-worker';
import { ContractEngine } from '../../../../src/ext/contracts/engine';
import type { ContractStore } from '../../../../src/core/store/views';
import { refundRun } from '../../core/contracts/helpers';
import { FakeTimers } from '../../core/contracts/fake-timers';

/** An in-memory stand-in for the StoreWorker: traces by id, newest first. */
class FakeWorker implements ContractStore {
  readonly traces = new Map<string, NormalizedSpan[]>();
  readonly fetched: string[] = [];
  private listener: ((e: IngestEvent) => void) | null = null;

  put(spans: NormalizedSpan[]): string {
    const id = spans[0]!.traceId;
    this.traces.delete(id);
    this.traces.set(id, spans);
    return id;
  }
  ingest(...traceIds: string[]): void {
    this.listener?.({ traceIds, stats: { traces: this.traces.size, spans: 0, errorSpans: 0, errorTraces: 0 } });
  }
  clearAll(): void {
    this.traces.clear();
    this.listener?.({ traceIds: [], stats: { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 } });
  }
  async listTraces(filter: TraceFilter = {}): Promise<TraceSummary[]> {
    const rows = [...this.traces.entries()].reverse()
      .filter(([, spans]) => !filter.workloadId || spans[0]!.workloadId === filter.workloadId)
      .map(([traceId]) => ({ traceId }) as TraceSummary);
    const from = filter.offset ?? 0;
    return rows.slice(from, from + (filter.limit ?? rows.length));
  }
  async getTraceSpans(traceId: string): Promise<NormalizedSpan[]> {
    this.fetched.push(traceId);
    return this.traces.get(traceId) ?? [];
  }
  onDidIngest(listener: (e: IngestEvent) => void): () => void {
    this.listener = listener;
    return () => { this.listener = null; };
  }
}

const CONTRACTS: ContractSet = loadContractSet([{
  file: 'trace-contracts.json',
  text: JSON.stringify({
    version: 1,
    contracts: [{ id: 'refund.v1', select: { workload: 'refund-bot' }, rules: [
      { id: 'cite', type: 'span', match: { name: 'tool.citation_check' } },
    ] }],
  }),
}]);

const tid = (n: number): string => n.toString(16).padStart(32, '0');

function setup(opts: { autoCheckLimit?: number; backgroundChunk?: number } = {}) {
  const timers = new FakeTimers();
  const worker = new FakeWorker();
  const engine = new ContractEngine({
    store: () => worker, workloadKey: () => 'workload.id', quietMs: 1000, timers, ...opts,
  });
  let changes = 0;
  engine.onDidChange(() => changes++);
  return { timers, worker, engine, changes: () => changes };
}

test('a live trace is checked once it has been quiet for the quiet period, not before', async () => {
  const { timers, worker, engine } = setup();
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  const id = worker.put(refundRun({ traceId: tid(1), omit: ['tool.citation_check'] }));
  worker.ingest(id);
  timers.advance(900);
  await engine.whenIdle();
  assert.equal(engine.results.get(id), undefined, 'still within the quiet period');
  assert.equal(engine.isInProgress(id), true);
  worker.ingest(id); // more spans: the quiet period starts again
  timers.advance(900);
  await engine.whenIdle();
  assert.equal(engine.results.get(id), undefined);
  timers.advance(100);
  await engine.whenIdle();
  const result = engine.results.get(id);
  assert.ok(result);
  assert.deepEqual(result.findings.map((f) => f.rule), ['cite']);
  assert.equal(engine.isInProgress(id), false);
});

test('late spans drop the old verdict until the trace is quiet again', async () => {
  const { timers, worker, engine } = setup();
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  const id = worker.put(refundRun({ traceId: tid(2), omit: ['tool.citation_check'] }));
  worker.ingest(id);
  timers.advance(1000);
  await engine.whenIdle();
  assert.equal(engine.results.get(id)?.findings.length, 1);
  worker.put(refundRun({ traceId: tid(2) })); // the citation check arrives late
  worker.ingest(id);
  assert.equal(engine.results.get(id), undefined, 'no stale ghost while spans stream in');
  timers.advance(1000);
  await engine.whenIdle();
  assert.deepEqual(engine.results.get(id)?.findings, []);
});

test('new contracts re-check the newest stored traces first, then the older ones, and replace every old result', async () => {
  const { worker, engine } = setup({ autoCheckLimit: 2, backgroundChunk: 2 });
  const oldest = worker.put(refundRun({ traceId: tid(6) }));
  const old = worker.put(refundRun({ traceId: tid(3), omit: ['tool.citation_check'] }));
  const mid = worker.put(refundRun({ traceId: tid(4), omit: ['tool.citation_check'] }));
  const newest = worker.put(refundRun({ traceId: tid(5) }));
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  await engine.whenIdle();
  assert.deepEqual(worker.fetched, [newest, mid, old, oldest], 'newest first, each once');
  assert.equal(engine.results.get(old)?.findings.length, 1, 'past the first batch, checked in the background');
  assert.deepEqual(engine.results.get(oldest)?.findings, []);
  assert.equal(engine.results.get(mid)?.findings.length, 1);
  assert.deepEqual(engine.results.get(newest)?.findings, []);
  const relaxed = loadContractSet([{ file: 'c.json', text: JSON.stringify({ version: 1, contracts: [{ id: 'none', rules: [] }] }) }]);
  await engine.setContracts(relaxed);
  assert.equal(engine.results.violatingTraceIds().size, 0);
  assert.deepEqual(engine.results.get(mid)?.contracts, ['none']);
});

test('a background re-check stops when the contracts change again, and live checks run between its chunks', async () => {
  const { timers, worker, engine } = setup({ autoCheckLimit: 1, backgroundChunk: 1 });
  for (let i = 0; i < 6; i++) worker.put(refundRun({ traceId: tid(50 + i), omit: ['tool.citation_check'] }));
  engine.syncWorker();
  await engine.whenIdle();
  const first = engine.setContracts(CONTRACTS);
  const live = worker.put(refundRun({ traceId: tid(60), omit: ['tool.citation_check'] }));
  worker.ingest(live);
  timers.advance(1000); // the live trace's quiet check queues behind the first batch, not behind every chunk
  await first;
  const relaxed = loadContractSet([{ file: 'c.json', text: JSON.stringify({ version: 1, contracts: [{ id: 'none', rules: [] }] }) }]);
  await engine.setContracts(relaxed);
  await engine.whenIdle();
  const fetchedUnderFirst = worker.fetched.indexOf(live);
  assert.ok(fetchedUnderFirst >= 0 && fetchedUnderFirst < 3, `live trace checked early: ${JSON.stringify(worker.fetched)}`);
  assert.equal(engine.results.violatingTraceIds().size, 0, 'no verdict of the replaced contracts survives');
  for (let i = 0; i < 6; i++) assert.deepEqual(engine.results.get(tid(50 + i))?.contracts, ['none']);
});

test('check(all) covers every stored trace and reports a summary and groups', async () => {
  const { worker, engine } = setup({ autoCheckLimit: 0 });
  for (let i = 0; i < 4; i++) worker.put(refundRun({ traceId: tid(10 + i), atMs: i * 10_000, omit: i % 2 === 0 ? ['tool.citation_check'] : [] }));
  const other = worker.put(refundRun({ traceId: tid(20) }).map((s) => ({ ...s, workloadId: 'other', attributes: {} })));
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  const run = await engine.check({ kind: 'all' });
  assert.equal(run.summary.tracesChecked, 4);
  assert.equal(run.summary.failed, 2);
  assert.equal(run.summary.skipped, 1, `${other} is selected by no contract`);
  assert.equal(run.summary.byRule['refund.v1/cite']?.traces, 2);
  assert.equal(run.groups.length, 1);
  assert.equal(run.groups[0]!.traceCount, 2);
  assert.equal(run.groups[0]!.representativeTraceId, tid(12), 'the latest failing trace');
  assert.equal(engine.results.size, 5);
});

test('check over one workload or one trace only touches those traces', async () => {
  const { worker, engine } = setup({ autoCheckLimit: 0 });
  const a = worker.put(refundRun({ traceId: tid(30), omit: ['tool.citation_check'] }));
  const b = worker.put(refundRun({ traceId: tid(31) }).map((s) => ({ ...s, workloadId: 'other' })));
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  const byWorkload = await engine.check({ kind: 'workload', workloadId: 'other' });
  assert.deepEqual(byWorkload.results.map((r) => r.traceId), [b]);
  assert.equal(engine.results.get(a), undefined);
  const one = await engine.check({ kind: 'trace', traceId: a });
  assert.deepEqual(one.results.map((r) => r.traceId), [a]);
  assert.equal(one.summary.failed, 1);
});

test('ensureChecked checks a stored trace once; a cleared store drops every result', async () => {
  const { worker, engine } = setup({ autoCheckLimit: 0 });
  const id = worker.put(refundRun({ traceId: tid(40), omit: ['tool.citation_check'] }));
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  assert.equal(engine.results.get(id), undefined);
  const r = await engine.ensureChecked(id);
  assert.equal(r?.findings.length, 1);
  const fetches = worker.fetched.length;
  await engine.ensureChecked(id);
  assert.equal(worker.fetched.length, fetches, 'not fetched again');
  worker.clearAll();
  assert.equal(engine.results.size, 0);
});

test('ensureChecked tells listeners about a new result and remembers traces no contract selects', async () => {
  const { worker, engine } = setup({ autoCheckLimit: 0 });
  const failing = worker.put(refundRun({ traceId: tid(41), omit: ['tool.citation_check'] }));
  const other = worker.put(refundRun({ traceId: tid(42) }).map((s) => ({ ...s, workloadId: 'other', attributes: {} })));
  engine.syncWorker();
  await engine.setContracts(CONTRACTS);
  let changes = 0;
  engine.onDidChange(() => changes++);
  await engine.ensureChecked(failing);
  assert.equal(changes, 1, 'the panel hears about the on-demand result');
  assert.deepEqual((await engine.ensureChecked(other))?.contracts, []);
  assert.equal(changes, 1, 'nothing to show for a trace no contract selects');
  const fetches = worker.fetched.length;
  await engine.ensureChecked(other);
  assert.equal(worker.fetched.length, fetches, 'a trace no contract selects is not fetched again');
  worker.ingest(other); // late spans: it may be selected now
  assert.equal(engine.isInProgress(other), true);
});

test('a replaced store worker resets the results and is followed for ingest', async () => {
  const { timers, worker, engine } = setup();
  let current: FakeWorker = worker;
  const engine2 = new ContractEngine({ store: () => current, workloadKey: () => 'workload.id', quietMs: 1000, timers });
  engine2.syncWorker();
  await engine2.setContracts(CONTRACTS);
  const id = worker.put(refundRun({ traceId: tid(50), omit: ['tool.citation_check'] }));
  worker.ingest(id);
  timers.advance(1000);
  await engine2.whenIdle();
  assert.equal(engine2.results.size, 1);
  current = new FakeWorker();
  engine2.syncWorker();
  await engine2.whenIdle();
  assert.equal(engine2.results.size, 0);
  worker.ingest(id); // the old worker is no longer listened to
  assert.equal(engine2.isInProgress(id), false);
  const next = current.put(refundRun({ traceId: tid(51), omit: ['tool.citation_check'] }));
  current.ingest(next);
  assert.equal(engine2.isInProgress(next), true);
  engine.dispose();
  engine2.dispose();
});
