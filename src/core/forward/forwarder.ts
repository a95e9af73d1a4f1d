// Delivery loop of one upstream endpoint: takes the oldest queued request, sends it, and on a retryable
// failure waits (Retry-After when the upstream gave one, else exponential backoff with jitter) before
// sending the same request again. Ingest only appends to the queue, so nothing here can slow it.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { OtlpEncoding } from '../otlp';
import { createExporter, encodingFor, type DeliveryOutcome, type Exporter, type ForwardEndpoint } from './exporters';
import { DEFAULT_FORWARD_QUEUE_BYTES, ForwardQueue, type QueuedRequest, type QueueCounts } from './queue';

export interface ForwarderOptions {
  /** Folder of this endpoint's queue. */
  queueDir: string;
  maxQueueBytes?: number;
  onWarning?: (message: string) => void;
  /** Tests replace the transport and the clock. */
  exporter?: Exporter;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface EndpointStatus extends QueueCounts {
  url: string;
  protocol: ForwardEndpoint['protocol'];
  forwardedRequests: number;
  forwardedItems: number;
  /** Requests the upstream refused for good (4xx other than 429): dropped, never retried. */
  rejectedRequests: number;
  /** True from a failed attempt until the next success. */
  failing: boolean;
  lastError: string | null;
  lastErrorAt: number | null;
  /** When the next attempt is due (epoch ms) while waiting to retry. */
  retryAt: number | null;
}

const BACKOFF_START_MS = 500;
const STOP_GRACE_MS = 2000;
const BACKOFF_MAX_MS = 30_000;
/** A Retry-After longer than this is capped (a misconfigured upstream must not stall delivery for hours). */
const RETRY_AFTER_MAX_MS = 5 * 60_000;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** A stable folder name per endpoint and protocol (headers excluded: a new token keeps the queue). */
export function queueFolderName(endpoint: Pick<ForwardEndpoint, 'url' | 'protocol'>): string {
  const digest = createHash('sha256').update(`${endpoint.protocol} ${endpoint.url}`).digest('hex').slice(0, 16);
  const host = (() => {
    try {
      return new URL(endpoint.url).host.replace(/[^A-Za-z0-9.-]/g, '_');
    } catch {
      return 'endpoint';
    }
  })();
  return `${host}-${digest}`;
}

export class Forwarder {
  readonly encoding: OtlpEncoding;
  private readonly queue: ForwardQueue;
  private readonly exporter: Exporter;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly stopper = new AbortController();
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private forwardedRequests = 0;
  private forwardedItems = 0;
  private rejectedRequests = 0;
  private failing = false;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private retryAt: number | null = null;
  private attempt = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly endpoint: ForwardEndpoint, private readonly options: ForwarderOptions) {
    this.encoding = encodingFor(endpoint.protocol);
    this.queue = ForwardQueue.open(options.queueDir, options.maxQueueBytes ?? DEFAULT_FORWARD_QUEUE_BYTES, (m) => this.warn(m));
    this.exporter = options.exporter ?? createExporter(endpoint);
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** Begin delivering what is queued (including what a previous run left). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Queue a request in this endpoint's encoding. Never throws: a full disk counts as a dropped request. */
  enqueue(request: QueuedRequest): void {
    try {
      this.queue.push(request);
    } catch (error) {
      this.warn(`forward queue: could not store a request (${(error as Error).message}); it is not forwarded`);
      this.noteError(`queue write failed: ${(error as Error).message}`);
    }
    this.changed();
    this.wake?.();
  }

  status(): EndpointStatus {
    return {
      url: this.endpoint.url,
      protocol: this.endpoint.protocol,
      ...this.queue.counts(),
      forwardedRequests: this.forwardedRequests,
      forwardedItems: this.forwardedItems,
      rejectedRequests: this.rejectedRequests,
      failing: this.failing,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      retryAt: this.retryAt,
    };
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stop after the request in flight (if any) is answered; what is left stays queued on disk. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.wake?.();
    // A request in flight to an upstream that does not answer must not hold shutdown up.
    await Promise.race([this.loop, new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref())]);
    this.queue.close();
    this.exporter.close();
  }

  private warn(message: string): void {
    (this.options.onWarning ?? ((m: string) => console.warn(`[forward] ${m}`)))(`${this.endpoint.url}: ${message}`);
  }

  private noteError(error: string): void {
    this.failing = true;
    this.lastError = error;
    this.lastErrorAt = Date.now();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    while (!signal.aborted) {
      const entry = this.queue.peek();
      if (!entry) {
        await new Promise<void>((resolve) => { this.wake = resolve; });
        this.wake = null;
        continue;
      }
      let body: Uint8Array;
      try {
        body = this.queue.read(entry).body;
      } catch (error) {
        // The queue's file went away or is damaged: that request cannot be sent; go on with the next.
        this.queue.remove(entry);
        this.rejectedRequests++;
        this.noteError(`a queued request could not be read (${(error as Error).message})`);
        this.changed();
        continue;
      }
      let outcome: DeliveryOutcome;
      try {
        outcome = await this.exporter.send(entry.signal, body);
      } catch (error) {
        outcome = { kind: 'retry', error: (error as Error).message, retryAfterMs: null };
      }
      if (outcome.kind === 'delivered') {
        this.queue.remove(entry);
        this.forwardedRequests++;
        this.forwardedItems += entry.items;
        this.failing = false;
        this.attempt = 0;
        this.changed();
        continue;
      }
      if (outcome.kind === 'rejected') {
        this.queue.remove(entry);
        this.rejectedRequests++;
        this.noteError(outcome.error);
        this.warn(`upstream refused a request (${outcome.error}); dropped, not retried`);
        this.changed();
        continue;
      }
      this.noteError(outcome.error);
      const wait = this.retryDelay(outcome.retryAfterMs);
      this.retryAt = Date.now() + wait;
      this.changed();
      await this.sleep(wait, signal);
      this.retryAt = null;
    }
  }

  private retryDelay(retryAfterMs: number | null): number {
    this.attempt++;
    if (retryAfterMs !== null) return Math.min(retryAfterMs, RETRY_AFTER_MAX_MS);
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.attempt - 1));
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }
}

/** Every configured endpoint, fed from the same accepted requests. */
export class ForwardManager {
  private readonly forwarders: Forwarder[];

  constructor(endpoints: readonly ForwardEndpoint[], queueRoot: string, options: Omit<ForwarderOptions, 'queueDir'> = {}) {
    this.forwarders = endpoints.map((endpoint) => new Forwarder(endpoint, {
      ...options,
      queueDir: path.join(queueRoot, queueFolderName(endpoint)),
    }));
    for (const f of this.forwarders) f.start();
  }

  get size(): number {
    return this.forwarders.length;
  }

  /** The encodings the endpoints want, so the ingest side prepares each once. */
  encodings(): OtlpEncoding[] {
    return [...new Set(this.forwarders.map((f) => f.encoding))];
  }

  /** Hand accepted requests (one per wanted encoding) to every endpoint that takes that encoding. */
  enqueue(requests: readonly QueuedRequest[]): void {
    for (const f of this.forwarders) {
      const mine = requests.filter((r) => r.encoding === f.encoding);
      for (const request of mine) f.enqueue(request);
    }
  }

  status(): EndpointStatus[] {
    return this.forwarders.map((f) => f.status());
  }

  onDidChange(listener: () => void): () => void {
    const disposers = this.forwarders.map((f) => f.onDidChange(listener));
    return () => disposers.forEach((d) => d());
  }

  async stop(): Promise<void> {
    await Promise.all(this.forwarders.map((f) => f.stop()));
  }
}
