// Owns the store worker and the OTLP receiver: start in the background, restart on settings change,
// report state and errors. No vscode import: the lifecycle is unit-tested with fakes.
import type { RedactionReport, StoreStats } from '../core/model/store-types';
import type { RedactionConfig } from '../core/redaction';
import { withDefaultPrices } from '../core/model/pricing';
import type { OtlpReceiver, ReceiverAddress, ReceiverOptions } from '../receiver';
import type { StoreWorker, StoreWorkerOptions } from '../store-worker';
import type { ReceiverStatus } from '../protocol/messages';
import { grpcEndpoint, httpEndpoint, type Settings } from './settings';

export interface ServiceDeps {
  startWorker(options: StoreWorkerOptions): Promise<StoreWorker>;
  startReceiver(options: ReceiverOptions, sink: StoreWorker): Promise<OtlpReceiver>;
}

/** Why something failed, in a shape the UI turns into a message with a fix. */
export interface ServiceProblem {
  area: 'receiver' | 'storage';
  message: string;
  /** For a port conflict: which port and setting. */
  port?: { port: number; protocol: 'http' | 'grpc' };
}

/** How often a read-only window looks for the writer's new spans (ms). */
const FOLLOW_INTERVAL_MS = 1000;

const EMPTY_STATS: StoreStats = { traces: 0, spans: 0, errorSpans: 0, errorTraces: 0 };

type Listener = () => void;

export function portInUse(error: unknown): { port: number; protocol: 'http' | 'grpc' } | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { name?: unknown; port?: unknown; protocol?: unknown; code?: unknown };
  if ((e.name === 'PortInUseError' || e.code === 'EADDRINUSE') && typeof e.port === 'number') {
    return { port: e.port, protocol: e.protocol === 'grpc' ? 'grpc' : 'http' };
  }
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class TraceService {
  private worker: StoreWorker | null = null;
  private receiver: OtlpReceiver | null = null;
  private unsubscribe: (() => void)[] = [];
  private state: ReceiverStatus['state'] = 'stopped';
  private problem: ServiceProblem | null = null;
  private currentStats: StoreStats = EMPTY_STATS;
  private version = 0;
  private readonly listeners = new Set<Listener>();
  private readonly problemListeners = new Set<(p: ServiceProblem) => void>();
  private readonly redactListeners = new Set<(report: RedactionReport) => void>();
  /** Serializes start/stop/restart so settings changes in quick succession apply in order. */
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;
  /** The store is written by another process: no receiver here, the worker follows the writer. */
  private follower = false;

  constructor(private settings: Settings, private readonly storageDir: string, private readonly deps: ServiceDeps) {}

  /** Every state or content change (receiver state, stats, store version). */
  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A failure the user must hear about. */
  onProblem(listener: (p: ServiceProblem) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** A request had values redacted before it was stored (rule names and span ids, never values). */
  onDidRedact(listener: (report: RedactionReport) => void): () => void {
    this.redactListeners.add(listener);
    return () => this.redactListeners.delete(listener);
  }

  /** New redaction rules for the spans that arrive next; the store keeps running. Rejects on a bad rule. */
  applyRedaction(redaction: RedactionConfig): Promise<void> {
    let failure: unknown = null;
    const done = this.enqueue(async () => {
      this.settings = { ...this.settings, redaction };
      try {
        await this.worker?.setRedaction(redaction);
      } catch (error) {
        failure = error;
      }
    });
    return done.then(() => {
      if (failure) throw failure;
    });
  }

  get store(): StoreWorker | null {
    return this.worker;
  }
  get address(): ReceiverAddress | null {
    return this.receiver?.address ?? null;
  }
  get stats(): StoreStats {
    return this.currentStats;
  }
  get storeVersion(): number {
    return this.version;
  }
  get lastProblem(): ServiceProblem | null {
    return this.problem;
  }
  get currentSettings(): Settings {
    return this.settings;
  }
  get storagePath(): string {
    return this.settings.storagePath || this.storageDir;
  }

  status(): ReceiverStatus {
    const a = this.address;
    return {
      state: this.state,
      httpEndpoint: a ? httpEndpoint(a.http.host, a.http.port) : null,
      grpcEndpoint: a ? grpcEndpoint(a.grpc.host, a.grpc.port) : null,
      error: this.state === 'error' ? this.problem?.message ?? null : null,
    };
  }

  /**
   * Start worker then receiver. Resolves when done or failed (failures are reported, not thrown).
   * Idempotent: whatever already runs is stopped first, so "Retry" after a failure starts clean.
   */
  start(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopReceiver();
      await this.stopWorker();
      await this.startWorker();
      await this.startReceiver();
    });
  }

  restartReceiver(): Promise<void> {
    return this.enqueue(async () => {
      await this.stopReceiver();
      if (!this.worker) await this.startWorker();
      await this.startReceiver();
    });
  }

  /** Apply new settings: restart only what they affect. */
  applySettings(next: Settings, restart: { store: boolean; receiver: boolean }): Promise<void> {
    return this.enqueue(async () => {
      this.settings = next;
      if (restart.store) {
        await this.stopReceiver();
        await this.stopWorker();
        await this.startWorker();
        await this.startReceiver();
      } else if (restart.receiver) {
        await this.stopReceiver();
        await this.startReceiver();
      }
    });
  }

  /** The store content changed outside ingest (import, clear): refresh stats and bump the version. */
  async contentChanged(): Promise<void> {
    if (this.worker) {
      try {
        this.currentStats = await this.worker.stats();
      } catch {
        // keep the last stats
      }
    }
    this.version++;
    this.emit();
  }

  stop(): Promise<void> {
    this.disposed = true;
    return this.enqueue(async () => {
      await this.stopReceiver();
      await this.stopWorker();
    }, true);
  }

  private enqueue(task: () => Promise<void>, evenIfDisposed = false): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.disposed && !evenIfDisposed) return;
      await task();
    };
    this.chain = this.chain.then(run, run);
    return this.chain;
  }

  private async startWorker(): Promise<void> {
    const s = this.settings;
    const options: StoreWorkerOptions = {
      dir: this.storagePath,
      normalize: { workloadKey: s.workloadAttribute, prices: withDefaultPrices(s.prices) },
      retention: s.retention,
      redaction: s.redaction,
    };
    try {
      let worker: StoreWorker;
      this.follower = false;
      try {
        worker = await this.deps.startWorker(options);
      } catch (error) {
        // Another window (or `trace-lens serve`) writes this store: show its traces read-only and follow them.
        if (!(error instanceof Error) || error.name !== 'StoreLockedError') throw error;
        worker = await this.deps.startWorker({ ...options, readOnly: true, followIntervalMs: FOLLOW_INTERVAL_MS });
        this.follower = true;
      }
      this.worker = worker;
      this.unsubscribe = [
        worker.onDidIngest((event) => {
          this.currentStats = event.stats;
          this.version++;
          this.emit();
        }),
        worker.onDidRedact((report) => {
          for (const l of [...this.redactListeners]) l(report);
        }),
        worker.onDidCrash((event) => {
          if (this.worker !== worker) return;
          if (event.restarted) {
            // The replacement worker reopened the store: everything shown may be stale.
            void this.contentChanged();
            return;
          }
          this.fail({
            area: 'storage',
            message: `The trace storage worker keeps crashing and was not restarted (${event.error.message}). Retry to restart it, or change the storage path.`,
          });
        }),
      ];
      this.currentStats = await worker.stats().catch(() => EMPTY_STATS);
      this.version++;
      if (this.problem?.area === 'storage') this.problem = null;
      this.emit();
    } catch (error) {
      this.worker = null;
      this.fail({ area: 'storage', message: `Cannot open trace storage at ${this.storagePath}: ${messageOf(error)}` });
    }
  }

  private async startReceiver(): Promise<void> {
    if (!this.worker) return;
    if (this.follower) {
      this.state = 'follower';
      this.emit();
      return;
    }
    if (!this.settings.receiverEnabled) {
      this.state = 'disabled';
      this.emit();
      return;
    }
    this.state = 'starting';
    this.emit();
    try {
      this.receiver = await this.deps.startReceiver(this.settings.receiver, this.worker);
      this.state = 'listening';
      if (this.problem?.area === 'receiver') this.problem = null;
      this.emit();
    } catch (error) {
      this.receiver = null;
      const port = portInUse(error) ?? undefined;
      this.fail({ area: 'receiver', message: messageOf(error), port });
    }
  }

  private async stopReceiver(): Promise<void> {
    const r = this.receiver;
    this.receiver = null;
    if (r) await r.stop().catch(() => undefined);
    if (this.state !== 'error' || this.problem?.area === 'receiver') this.state = 'stopped';
    this.emit();
  }

  private async stopWorker(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const w = this.worker;
    this.worker = null;
    if (w) await w.stop().catch(() => undefined);
  }

  private fail(problem: ServiceProblem): void {
    this.problem = problem;
    this.state = 'error';
    this.emit();
    for (const l of [...this.problemListeners]) l(problem);
  }

  private emit(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch {
        // a broken listener must not break the service
      }
    }
  }
}
