import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoreStats } from '../../../src/core/store';
import type { RedactionReport } from '../../../src/core/model/store-types';
import { DEFAULT_REDACTION, type RedactionConfig } from '../../../src/core/redaction';
import type { OtlpReceiver, ReceiverOptions } from '../../../src/receiver';
import type { IngestEvent, StoreWorker, StoreWorkerOptions, WorkerCrashEvent } from '../../../src/store-worker';
import { TraceService, portInUse, type ServiceDeps, type ServiceProblem } from '../../../src/ext/service';
import { readSettings, type SettingGetter } from '../../../src/ext/settings';

const get = (values: Record<string, unknown>): SettingGetter => <T>(k: string, d: T): T => (k in values ? (values[k] as T) : d);

class FakeWorker {
  stopped = false;
  listeners = new Set<(e: IngestEvent) => void>();
  crashListeners = new Set<(e: WorkerCrashEvent) => void>();
  constructor(readonly options: StoreWorkerOptions, public counts: StoreStats = { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 }) {}
  onDidIngest(l: (e: IngestEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  onDidCrash(l: (e: WorkerCrashEvent) => void): () => void {
    this.crashListeners.add(l);
    return () => this.crashListeners.delete(l);
  }
  redactListeners = new Set<(r: RedactionReport) => void>();
  redaction: RedactionConfig | null = null;
  onDidRedact(l: (r: RedactionReport) => void): () => void {
    this.redactListeners.add(l);
    return () => this.redactListeners.delete(l);
  }
  async setRedaction(config: RedactionConfig): Promise<void> {
    if (config.presets.includes('bad')) throw new Error('unknown redaction preset');
    this.redaction = config;
  }
  crash(restarted: boolean): void {
    for (const l of this.crashListeners) l({ error: new Error('worker exited with code 1'), rejected: 1, restarted });
  }
  async stats(): Promise<StoreStats> {
    return this.counts;
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
  ingest(stats: StoreStats): void {
    this.counts = stats;
    for (const l of this.listeners) l({ traceIds: ['t'], stats });
  }
}

class FakeReceiver {
  stopped = false;
  constructor(readonly options: ReceiverOptions) {}
  get address() {
    return { http: { host: this.options.host, port: this.options.httpPort || 40001 }, grpc: { host: this.options.host, port: this.options.grpcPort || 40002 } };
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

function setup(busyPorts: number[] = [], workerError: Error | null = null, lockedByPid: number | null = null) {
  const workers: FakeWorker[] = [];
  const receivers: FakeReceiver[] = [];
  const deps: ServiceDeps = {
    startWorker: async (options) => {
      if (workerError) throw workerError;
      if (lockedByPid !== null && !options.readOnly) {
        throw Object.assign(new Error(`in use by process ${lockedByPid}`), { name: 'StoreLockedError' });
      }
      const w = new FakeWorker(options);
      workers.push(w);
      return w as unknown as StoreWorker;
    },
    startReceiver: async (options) => {
      for (const [protocol, port] of [['http', options.httpPort], ['grpc', options.grpcPort]] as const) {
        if (busyPorts.includes(port)) {
          throw Object.assign(new Error(`port ${port} is in use`), { name: 'PortInUseError', port, protocol });
        }
      }
      const r = new FakeReceiver(options);
      receivers.push(r);
      return r as unknown as OtlpReceiver;
    },
  };
  return { deps, workers, receivers };
}

test('start opens the store in the storage folder, then listens', async () => {
  const { deps, workers } = setup();
  const s = new TraceService(readSettings(get({ 'receiver.httpPort': 0 }), {}), '/storage', deps);
  const states: string[] = [];
  s.onDidChange(() => states.push(s.status().state));
  await s.start();
  assert.equal(workers[0]!.options.dir, '/storage');
  assert.equal(workers[0]!.options.normalize?.workloadKey, 'workload.id');
  assert.ok(workers[0]!.options.normalize?.prices?.['gpt-4o*'], 'the built-in prices apply when the setting is empty');
  assert.equal(s.status().state, 'listening');
  assert.equal(s.status().httpEndpoint, 'http://127.0.0.1:40001');
  assert.ok(states.includes('starting'));
});

test('ingest events update stats and bump the store version', async () => {
  const { deps, workers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  const v = s.storeVersion;
  workers[0]!.ingest({ traces: 2, spans: 9, errorSpans: 1, errorTraces: 1 });
  assert.equal(s.stats.spans, 9);
  assert.equal(s.storeVersion, v + 1);
});

test('a port in use is reported as a receiver problem with the port', async () => {
  const { deps } = setup([4318]);
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  const problems: ServiceProblem[] = [];
  s.onProblem((p) => problems.push(p));
  await s.start();
  assert.equal(s.status().state, 'error');
  assert.match(s.status().error ?? '', /4318/);
  assert.deepEqual(problems.map((p) => [p.area, p.port?.port, p.port?.protocol]), [['receiver', 4318, 'http']]);
});

test('a storage failure is reported and no receiver starts', async () => {
  const { deps, receivers } = setup([], new Error('EACCES: permission denied'));
  const s = new TraceService(readSettings(get({ 'storage.path': '/ro' }), {}), '/storage', deps);
  const problems: ServiceProblem[] = [];
  s.onProblem((p) => problems.push(p));
  await s.start();
  assert.equal(receivers.length, 0);
  assert.equal(problems[0]?.area, 'storage');
  assert.match(problems[0]?.message ?? '', /\/ro.*EACCES/);
});

test('receiver settings restart only the receiver; store settings restart both', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  await s.applySettings(readSettings(get({ 'receiver.httpPort': 5555 }), {}), { store: false, receiver: true });
  assert.equal(workers.length, 1);
  assert.equal(receivers.length, 2);
  assert.equal(receivers[0]!.stopped, true);
  assert.equal(s.address?.http.port, 5555);
  await s.applySettings(readSettings(get({ 'receiver.httpPort': 5555, 'storage.path': '/other' }), {}), { store: true, receiver: false });
  assert.equal(workers.length, 2);
  assert.equal(workers[0]!.stopped, true);
  assert.equal(workers[1]!.options.dir, '/other');
  assert.equal(receivers.length, 3);
});

test('disabling the receiver stops it and keeps the store', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  await s.applySettings(readSettings(get({ 'receiver.enabled': false }), {}), { store: false, receiver: true });
  assert.equal(receivers[0]!.stopped, true);
  assert.equal(s.status().state, 'disabled');
  assert.equal(s.status().httpEndpoint, null);
  assert.equal(workers[0]!.stopped, false);
});

test('restart after fixing a busy port recovers', async () => {
  const busy = [4318];
  const { deps } = setup(busy);
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  assert.equal(s.status().state, 'error');
  busy.length = 0;
  await s.restartReceiver();
  assert.equal(s.status().state, 'listening');
  assert.equal(s.lastProblem, null);
});

test('stop closes receiver and worker; later calls do nothing', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  await s.stop();
  assert.equal(receivers[0]!.stopped, true);
  assert.equal(workers[0]!.stopped, true);
  await s.restartReceiver();
  assert.equal(receivers.length, 1);
});

test('a worker crash with restart refreshes stats and bumps the store version', async () => {
  const { deps, workers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await s.start();
  const v = s.storeVersion;
  workers[0]!.counts = { traces: 1, spans: 3, errorSpans: 0, errorTraces: 0 };
  workers[0]!.crash(true);
  await s.contentChanged(); // wait for the stats refresh the crash started
  assert.ok(s.storeVersion > v + 1);
  assert.equal(s.stats.spans, 3);
  assert.equal(s.status().state, 'listening');
});

test('a worker crash without restart is a storage problem; Retry (start again) recovers', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  const problems: ServiceProblem[] = [];
  s.onProblem((p) => problems.push(p));
  await s.start();
  workers[0]!.crash(false);
  assert.equal(s.status().state, 'error');
  assert.deepEqual(problems.map((p) => p.area), ['storage']);
  assert.match(problems[0]!.message, /crash.*Retry/);
  await s.start();
  assert.equal(workers[0]!.stopped, true);
  assert.equal(receivers[0]!.stopped, true);
  assert.equal(workers.length, 2);
  assert.equal(s.status().state, 'listening');
  assert.equal(s.lastProblem, null);
  workers[0]!.crash(false); // the old worker no longer reports
  assert.equal(problems.length, 1);
});

test('start twice leaves exactly one worker and one receiver running', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  await Promise.all([s.start(), s.start()]);
  assert.deepEqual(workers.map((w) => w.stopped), [true, false]);
  assert.deepEqual(receivers.map((r) => r.stopped), [true, false]);
  assert.equal(s.status().state, 'listening');
});

test('portInUse recognizes PortInUseError and EADDRINUSE shapes only', () => {
  assert.deepEqual(portInUse({ name: 'PortInUseError', port: 1, protocol: 'grpc' }), { port: 1, protocol: 'grpc' });
  assert.deepEqual(portInUse({ code: 'EADDRINUSE', port: 2 }), { port: 2, protocol: 'http' });
  assert.equal(portInUse(new Error('x')), null);
  assert.equal(portInUse(null), null);
});

test('a store another window writes opens read-only and follows it, with no receiver of its own', async () => {
  const { deps, workers, receivers } = setup([], null, 4242);
  const s = new TraceService(readSettings(get({}), {}), '/storage', deps);
  const problems: ServiceProblem[] = [];
  s.onProblem((p) => problems.push(p));
  await s.start();
  assert.equal(workers.length, 1);
  assert.equal(workers[0]!.options.readOnly, true);
  assert.ok((workers[0]!.options.followIntervalMs ?? 0) > 0, 'the worker follows the writer');
  assert.equal(receivers.length, 0);
  assert.equal(s.status().state, 'follower');
  assert.deepEqual(problems, []);
  const v = s.storeVersion;
  workers[0]!.ingest({ traces: 1, spans: 3, errorSpans: 0, errorTraces: 0 });
  assert.equal(s.stats.spans, 3);
  assert.equal(s.storeVersion, v + 1);
});

test('redaction: the worker starts with the settings, a change reaches it without a restart, reports reach listeners', async () => {
  const { deps, workers, receivers } = setup();
  const s = new TraceService(readSettings(get({ 'redaction.personalData': true }), {}), '/storage', deps);
  await s.start();
  assert.equal(workers[0]!.options.redaction?.personalData, true);
  assert.deepEqual(workers[0]!.options.redaction?.presets, ['credentials']);
  await s.applyRedaction({ ...DEFAULT_REDACTION, mode: 'hash' });
  assert.equal(workers.length, 1, 'no new worker');
  assert.equal(receivers.length, 1, 'no new receiver');
  assert.equal(workers[0]!.redaction?.mode, 'hash');
  assert.equal(s.currentSettings.redaction.mode, 'hash');
  await assert.rejects(s.applyRedaction({ ...DEFAULT_REDACTION, presets: ['bad'] }), /unknown redaction preset/);
  const reports: RedactionReport[] = [];
  s.onDidRedact((r) => reports.push(r));
  const report = { hits: { 'openai-key': 1 }, spans: [{ traceId: 't', spanId: 's', rules: ['openai-key'] }] };
  for (const l of workers[0]!.redactListeners) l(report);
  assert.deepEqual(reports, [report]);
});

test('redaction settings: defaults, and a bad value falls back to the defaults with the reason', () => {
  const plain = readSettings(get({}), {});
  assert.deepEqual(plain.redaction, DEFAULT_REDACTION);
  assert.equal(plain.redactionProblem, null);
  const bad = readSettings(get({ 'redaction.presets': ['credentials', 'nope'] }), {});
  assert.deepEqual(bad.redaction, DEFAULT_REDACTION);
  assert.match(bad.redactionProblem ?? '', /unknown redaction preset 'nope'/);
  const badRegex = readSettings(get({ 'redaction.patterns': { x: '/(/' } }), {});
  assert.match(badRegex.redactionProblem ?? '', /bad regular expression/);
});
