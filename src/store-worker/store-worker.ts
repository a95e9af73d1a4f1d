// Caller side of the ingest worker: typed async calls, a bounded submit queue, crash recovery.
import { Worker } from 'node:worker_threads';
import type { QueuedRequest } from '../core/forward/queue';
import { QueueFullError, WorkerUnavailableError, type IngestSink } from '../core/ingest/sink';
import type { OtlpEncoding, OtlpSignal } from '../core/otlp';
import type { DecodedRequest, NormalizedSpan, TraceSummary } from '../core/model/types';
import type {
  CodeLocationFilter, CodeLocationStat, ContentSearchProgress, ContentSearchQuery, ContentSearchResult, IngestEvent, IngestResult, SessionFigures,
  PromptRun, PromptRunFilter, RedactionReport, SpanSearchQuery, SpanStructure, StoreStats, TraceFilter, SessionFilter,
  SessionSummary, TracePreview, TracePreviewLimits,
} from '../core/model/store-types';
import type { RedactionConfig } from '../core/redaction';
import type { StoreOptions, TraceStorage } from '../core/store';
import type { ContentSearchOptions, IngestEvents } from '../core/store/api';
import { fromWire, unpackStructure, type WireStructure } from '../protocol/structure-codec';
import { ContentSearches } from './content-searches';
import type { WorkerApi, WorkerInit, WorkerMethod, WorkerRequest, WorkerToMain } from './worker-protocol';
import { rebuildError, transferable, workerEntry } from './worker-thread';

export type { IngestEvent } from '../core/model/store-types';

export interface StoreWorkerOptions extends StoreOptions {
  /** Most submits waiting in the worker at once (default 64). */
  queueLimit?: number;
  /** Most body bytes waiting in the worker at once (default 256 MiB). */
  queueBytesLimit?: number;
  /**
   * A read-only store: look for what its writer appended this often (ms) and report it as ingest events.
   * 0 or absent = do not follow.
   */
  followIntervalMs?: number;
  /** Copy accepted requests out in these encodings (onDidAccept) for forwarding; none = off. */
  forwardEncodings?: OtlpEncoding[];
}

export interface WorkerCrashEvent {
  error: Error;
  /** Requests that were rejected because of the crash. */
  rejected: number;
  restarted: boolean;
}

const DEFAULT_QUEUE_LIMIT = 64;
const DEFAULT_QUEUE_BYTES = 256 * 1024 * 1024;
const MAX_RESTARTS_PER_MINUTE = 5;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** Body bytes counted against the submit queue (0 for other requests). */
  submitBytes: number;
  isSubmit: boolean;
}

/**
 * Runs the TraceStore inside a worker thread so decode + normalize + insert never block the caller's
 * thread (the VS Code extension host). Every method is an async request to the worker.
 * `submit` transfers the body's ArrayBuffer when it owns all of it: the caller must not reuse it.
 */
export class StoreWorker implements TraceStorage<true>, IngestEvents, IngestSink {
  private worker!: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queuedSubmits = 0;
  private queuedBytes = 0;
  private readonly ingestListeners = new Set<(event: IngestEvent) => void>();
  private readonly crashListeners = new Set<(event: WorkerCrashEvent) => void>();
  private readonly redactListeners = new Set<(report: RedactionReport) => void>();
  private readonly acceptListeners = new Set<(requests: QueuedRequest[]) => void>();
  private forwardEncodings: OtlpEncoding[];
  private stopping = false;
  /** False between a crash and the replacement worker being ready (or for good after too many crashes). */
  private alive = false;
  private readonly crashedWorkers = new WeakSet<Worker>();
  private restarts: number[] = [];
  private readonly queueLimit: number;
  private readonly queueBytesLimit: number;
  private readonly searches = new ContentSearches((message) => this.worker.postMessage(message), rebuildError);

  private constructor(private readonly options: StoreWorkerOptions) {
    this.queueLimit = Math.max(1, options.queueLimit ?? DEFAULT_QUEUE_LIMIT);
    this.queueBytesLimit = Math.max(1, options.queueBytesLimit ?? DEFAULT_QUEUE_BYTES);
    this.forwardEncodings = options.forwardEncodings ?? [];
  }

  static async start(options: StoreWorkerOptions): Promise<StoreWorker> {
    const sw = new StoreWorker(options);
    await sw.spawn();
    sw.follow();
    return sw;
  }

  private storeOptions(): StoreOptions {
    const { queueLimit: _q, queueBytesLimit: _b, followIntervalMs: _f, forwardEncodings: _e, ...store } = this.options;
    return store;
  }

  private followTimer: NodeJS.Timeout | null = null;

  /** Poll a read-only store for its writer's new spans; changes reach onDidIngest listeners. */
  private follow(): void {
    const every = this.options.followIntervalMs ?? 0;
    if (!this.options.readOnly || every <= 0) return;
    let busy = false;
    this.followTimer = setInterval(() => {
      if (busy || this.stopping || !this.alive) return;
      busy = true;
      void this.refresh()
        .then(async (traceIds) => {
          if (traceIds.length > 0) this.emitIngest({ traceIds, stats: await this.stats() });
        })
        .catch(() => undefined) // the next tick tries again; a crash is reported on its own
        .finally(() => { busy = false; });
    }, every);
    this.followTimer.unref();
  }

  private spawn(): Promise<void> {
    let worker: Worker;
    try {
      const entry = workerEntry();
      const init: WorkerInit = { store: this.storeOptions(), forwardEncodings: this.forwardEncodings };
      worker = new Worker(entry.code, { eval: entry.eval, workerData: init });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: WorkerToMain) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            this.alive = true;
            resolve();
            break;
          case 'fatal':
            reject(rebuildError(message.error));
            void worker.terminate();
            break;
          case 'response':
            this.settle(message);
            break;
          case 'ingest':
            this.emitIngest({ traceIds: message.traceIds, stats: message.stats });
            break;
          case 'redacted':
            for (const listener of this.redactListeners) listener(message.report);
            break;
          case 'forward':
            for (const listener of this.acceptListeners) listener(message.requests);
            break;
          case 'search-progress':
          case 'search-result':
            this.searches.handle(message);
            break;
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(error);
        else this.onCrash(worker, error);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new Error(`ingest worker exited with code ${code} before it was ready`));
        else if (!this.stopping) this.onCrash(worker, new Error(`ingest worker exited with code ${code}`));
      });
    });
  }

  private settle(message: Extract<WorkerToMain, { type: 'response' }>): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    this.pending.delete(message.id);
    this.release(entry);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(rebuildError(message.error));
  }

  private release(entry: Pending): void {
    if (!entry.isSubmit) return;
    this.queuedSubmits--;
    this.queuedBytes -= entry.submitBytes;
  }

  private onCrash(worker: Worker, error: Error): void {
    if (worker !== this.worker || this.crashedWorkers.has(worker)) return; // already handled
    this.crashedWorkers.add(worker);
    this.alive = false;
    const rejected = this.rejectAll(new WorkerUnavailableError(`ingest worker crashed: ${error.message}`));
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < 60_000);
    const restart = !this.stopping && this.restarts.length < MAX_RESTARTS_PER_MINUTE;
    if (restart) {
      this.restarts.push(now);
      const replacement = this.spawn();
      const started = this.worker;
      replacement.catch((spawnError: Error) => {
        this.crashedWorkers.add(started);
        const waiting = this.rejectAll(new WorkerUnavailableError(`ingest worker failed to restart: ${spawnError.message}`));
        this.emitCrash({ error: spawnError, rejected: waiting, restarted: false });
      });
    }
    this.emitCrash({ error, rejected, restarted: restart });
  }

  /** Fails every request and content search waiting for the worker; returns how many there were. */
  private rejectAll(failure: Error): number {
    const count = this.pending.size;
    for (const entry of this.pending.values()) {
      this.release(entry);
      entry.reject(failure);
    }
    this.pending.clear();
    return count + this.searches.rejectAll(failure);
  }

  /** Why a new request cannot go to the worker now, or null when it can. */
  private unavailable(method: WorkerMethod | 'searchContent'): WorkerUnavailableError | null {
    if (this.stopping && method !== 'close' && method !== 'flush') return new WorkerUnavailableError('store worker is stopped');
    if (!this.alive && !this.restarting()) return new WorkerUnavailableError('ingest worker is not running');
    return null;
  }

  private call<M extends WorkerMethod>(
    method: M,
    args: Parameters<WorkerApi[M]>,
    transfer: ArrayBuffer[] = [],
    submitBytes = -1,
  ): Promise<Awaited<ReturnType<WorkerApi[M]>>> {
    const refusal = this.unavailable(method);
    if (refusal) return Promise.reject(refusal);
    const id = this.nextId++;
    const request: WorkerRequest<M> = { type: 'request', id, method, args };
    return new Promise((resolve, reject) => {
      const isSubmit = submitBytes >= 0;
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        submitBytes: Math.max(0, submitBytes),
        isSubmit,
      });
      if (isSubmit) {
        this.queuedSubmits++;
        this.queuedBytes += submitBytes;
      }
      this.worker.postMessage(request, transfer);
    });
  }

  /** A replacement worker is starting: requests wait for it in its message queue. */
  private restarting(): boolean {
    return !this.crashedWorkers.has(this.worker);
  }

  /** Decode, make durable and insert one request body; resolves after it is on disk. */
  submit(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding): Promise<IngestResult> {
    if (this.queuedSubmits >= this.queueLimit || (this.queuedSubmits > 0 && this.queuedBytes + body.byteLength > this.queueBytesLimit)) {
      // Rough estimate of when room frees up: one second per queue's worth of waiting work.
      return Promise.reject(new QueueFullError(1));
    }
    if (body.byteLength === 0) return this.call('submit', [body, signal, encoding], [], 0);
    const { view, transfer } = transferable(body);
    return this.call('submit', [view, signal, encoding], transfer, view.byteLength);
  }

  /** Opened read-only (another process writes the store). */
  get readOnly(): boolean {
    return this.options.readOnly === true;
  }

  /** Submits currently waiting in the worker (for diagnostics and tests). */
  get queueDepth(): number {
    return this.queuedSubmits;
  }

  importFiles(paths: string[]): Promise<IngestResult> { return this.call('importFiles', [paths]); }

  /**
   * Redaction rules for the requests that come next (also kept for a restarted worker). Rejects on a bad
   * rule; the rules in force then stay.
   */
  async setRedaction(config: RedactionConfig): Promise<void> {
    await this.call('setRedaction', [config]);
    this.options.redaction = config;
  }

  /** Called at once when a request had values redacted (rule names, counts, span ids; never values). */
  onDidRedact(listener: (report: RedactionReport) => void): () => void {
    this.redactListeners.add(listener);
    return () => this.redactListeners.delete(listener);
  }
  /** Store spans read from a remote backend; they are not forwarded. */
  ingestRemote(request: DecodedRequest): Promise<IngestResult> { return this.call('ingestRemote', [request]); }
  listTraces(filter?: TraceFilter): Promise<TraceSummary[]> { return this.call('listTraces', [filter]); }
  getTraceSummary(traceId: string): Promise<TraceSummary | null> { return this.call('getTraceSummary', [traceId]); }
  getTraceStructure(traceId: string): Promise<SpanStructure[]> {
    return this.getTraceColumns(traceId).then((wire) => unpackStructure(fromWire(wire)));
  }
  /** The structure as the worker sends it (columns), for callers that forward it without objects. */
  getTraceColumns(traceId: string): Promise<WireStructure> {
    return this.call('getTraceStructure', [traceId]);
  }
  getTracePreview(traceId: string, limits: TracePreviewLimits): Promise<TracePreview | null> {
    return this.call('getTracePreview', [traceId, limits]);
  }
  getTraceSpans(traceId: string): Promise<NormalizedSpan[]> { return this.call('getTraceSpans', [traceId]); }
  getSpan(traceId: string, spanId: string): Promise<NormalizedSpan | null> { return this.call('getSpan', [traceId, spanId]); }
  searchSpans(query: SpanSearchQuery): Promise<SpanStructure[]> { return this.call('searchSpans', [query]); }
  codeLocationStats(filter?: CodeLocationFilter): Promise<CodeLocationStat[]> {
    return this.call('codeLocationStats', [filter]);
  }
  listSessions(filter?: SessionFilter): Promise<SessionSummary[]> { return this.call('listSessions', [filter]); }
  sessionFigures(ids: string[]): Promise<Map<string, SessionFigures>> { return this.call('sessionFigures', [ids]); }
  getUsageSpans(traceIds: string[]): Promise<NormalizedSpan[]> { return this.call('getUsageSpans', [traceIds]); }
  promptRuns(filter?: PromptRunFilter): Promise<PromptRun[]> { return this.call('promptRuns', [filter]); }
  exportOtlpJson(traceIds?: string[]): Promise<string> { return this.call('exportOtlpJson', [traceIds]); }
  stats(): Promise<StoreStats> { return this.call('stats', []); }
  refresh(): Promise<string[]> { return this.call('refresh', []); }
  clear(): Promise<void> { return this.call('clear', []); }
  flush(): Promise<void> { return this.call('flush', []); }

  /**
   * Search the spans' stored content in the worker. The scan runs beside the request queue (ingest and
   * queries are answered meanwhile); progress arrives per scanned chunk. Aborting `signal` ends it with
   * complete: false; the promise rejects when the worker dies first.
   */
  searchContent(
    query: ContentSearchQuery, onProgress: (progress: ContentSearchProgress) => void, options: ContentSearchOptions = {},
  ): Promise<ContentSearchResult> {
    const refusal = this.unavailable('searchContent');
    if (refusal) return Promise.reject(refusal);
    return this.searches.start(query, onProgress, options.signal);
  }

  /** Called after every ingest that changed the store. Returns an unsubscribe function. */
  onDidIngest(listener: (event: IngestEvent) => void): () => void {
    this.ingestListeners.add(listener);
    return () => this.ingestListeners.delete(listener);
  }

  /** Turn copying accepted requests out on (the encodings upstream endpoints want) or off (none). */
  setForwarding(encodings: OtlpEncoding[]): Promise<void> {
    this.forwardEncodings = [...encodings];
    return this.call('setForwarding', [this.forwardEncodings]);
  }

  /** Called with copies of accepted requests while forwarding is on (see setForwarding). */
  onDidAccept(listener: (requests: QueuedRequest[]) => void): () => void {
    this.acceptListeners.add(listener);
    return () => this.acceptListeners.delete(listener);
  }

  /** Called when the worker dies; pending requests were rejected and (usually) a new worker started. */
  onDidCrash(listener: (event: WorkerCrashEvent) => void): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  private emitIngest(event: IngestEvent): void {
    for (const listener of this.ingestListeners) listener(event);
  }

  private emitCrash(event: WorkerCrashEvent): void {
    if (this.crashListeners.size === 0) console.error(`[trace-lens] ${event.error.message}${event.restarted ? ' (restarted)' : ''}`);
    for (const listener of this.crashListeners) listener(event);
  }

  /** Test hook: kill the worker thread as if it had crashed. */
  simulateCrash(): Promise<number> {
    return this.worker.terminate();
  }

  /** Flush the store to disk, close it and end the thread. Idempotent. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.followTimer) clearInterval(this.followTimer);
    const worker = this.worker;
    try {
      await this.call('close', []);
    } catch {
      // the worker may already be gone; terminate below either way
    }
    await worker.terminate();
    this.rejectAll(new WorkerUnavailableError('store worker stopped'));
  }
}
