// Forwarding in the editor: the endpoints from settings, their headers from SecretStorage, one
// ForwardManager per open (writable) store, fed by the store worker's accepted requests.
import path from 'node:path';
import * as vscode from 'vscode';
import { encodingFor, type ForwardEndpoint } from '../../core/forward/exporters';
import { ForwardManager } from '../../core/forward/forwarder';
import { DEFAULT_FORWARD_QUEUE_BYTES } from '../../core/forward/queue';
import type { OtlpEncoding } from '../../core/otlp';
import type { QueuedRequest } from '../../core/forward/queue';
import type { StoreWorker } from '../../store-worker';
import { SECTION } from '../settings';
import type { TraceService } from '../service';
import { secretKey } from '../backends/config';
import { forwardTooltipLines, readForwardTargets, type ForwardTarget } from './config';

const STATUS_THROTTLE_MS = 500;
/** Copies held while the manager is being (re)built, at most this many bytes (then the oldest go). */
const PENDING_MAX_BYTES = 64 * 1024 * 1024;

export async function headersFor(secrets: vscode.SecretStorage, url: string): Promise<Record<string, string>> {
  const stored = await secrets.get(secretKey(url));
  if (!stored) return {};
  try {
    const parsed = JSON.parse(stored) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, string> : {};
  } catch {
    return {};
  }
}

export class ForwardingController implements vscode.Disposable {
  private manager: ForwardManager | null = null;
  private worker: StoreWorker | null = null;
  private offAccept: (() => void) | null = null;
  /** Accepted requests that arrived while no manager was ready (during a rebuild). */
  private pending: QueuedRequest[] = [];
  private pendingBytes = 0;
  private offStatus: (() => void) | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly warnings = vscode.window.createOutputChannel('Agent Trace Lens: Forwarding');

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly service: TraceService,
    private readonly onStatus: () => void,
  ) {}

  targets(): ForwardTarget[] {
    return readForwardTargets(vscode.workspace.getConfiguration(SECTION).get<unknown>('forward.endpoints', []));
  }

  /** The encodings a new store worker should copy accepted requests out in. */
  encodings(): OtlpEncoding[] {
    return [...new Set(this.targets().map((t) => encodingFor(t.protocol)))];
  }

  /** Follow the service's worker: a new (writable) one gets a fresh manager on its store folder. */
  sync(): void {
    const worker = this.service.store;
    if (worker === this.worker) return;
    this.worker = worker;
    // Subscribe at once: the receiver may accept requests before the manager is ready.
    this.offAccept?.();
    this.offAccept = worker && !worker.readOnly ? worker.onDidAccept((requests) => this.accept(requests)) : null;
    void this.rebuild();
  }

  /** Settings or stored headers changed. */
  reload(): Promise<void> {
    return this.rebuild();
  }

  tooltipLines(): string[] {
    return this.manager ? forwardTooltipLines(this.manager.status()) : [];
  }

  private rebuild(): Promise<void> {
    this.chain = this.chain.then(() => this.doRebuild(), () => this.doRebuild());
    return this.chain;
  }

  private accept(requests: QueuedRequest[]): void {
    if (this.manager) {
      this.manager.enqueue(requests);
      return;
    }
    if (this.targets().length === 0) return;
    for (const r of requests) {
      this.pending.push(r);
      this.pendingBytes += r.body.byteLength;
    }
    while (this.pendingBytes > PENDING_MAX_BYTES && this.pending.length > 0) this.pendingBytes -= this.pending.shift()!.body.byteLength;
  }

  private async doRebuild(): Promise<void> {
    this.offStatus?.();
    this.offStatus = null;
    const old = this.manager;
    this.manager = null;
    await old?.stop();
    const worker = this.worker;
    const targets = this.targets();
    if (worker && !worker.readOnly) await worker.setForwarding(targets.length > 0 ? this.encodings() : []).catch(() => undefined);
    if (!worker || worker.readOnly || targets.length === 0) {
      this.pending = [];
      this.pendingBytes = 0;
      this.onStatus();
      return;
    }
    const endpoints: ForwardEndpoint[] = [];
    for (const t of targets) endpoints.push({ ...t, headers: await headersFor(this.secrets, t.url) });
    const mib = vscode.workspace.getConfiguration(SECTION).get<number>('forward.maxQueueMiB', DEFAULT_FORWARD_QUEUE_BYTES / 1024 ** 2);
    const maxQueueBytes = Number.isFinite(mib) && mib > 0 ? mib * 1024 ** 2 : DEFAULT_FORWARD_QUEUE_BYTES;
    const manager = new ForwardManager(endpoints, path.join(this.service.storagePath, 'forward-queue'), {
      maxQueueBytes,
      onWarning: (message) => this.warnings.appendLine(`${new Date().toISOString()} ${message}`),
    });
    this.manager = manager;
    manager.enqueue(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.offStatus = manager.onDidChange(() => this.statusChanged());
    this.onStatus();
  }

  private statusChanged(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.onStatus();
    }, STATUS_THROTTLE_MS);
  }

  /** Stop delivering; what is queued stays on disk for the next session. */
  async stop(): Promise<void> {
    this.offAccept?.();
    this.offStatus?.();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    await this.chain.catch(() => undefined);
    await this.manager?.stop();
    this.manager = null;
  }

  dispose(): void {
    void this.stop();
    this.warnings.dispose();
  }
}

/** Forwarding follows the service's store and the agentTraceLens.forward settings. */
export function registerForwarding(context: vscode.ExtensionContext, service: TraceService, forwarding: ForwardingController): void {
  context.subscriptions.push(forwarding);
  context.subscriptions.push({ dispose: service.onDidChange(() => forwarding.sync()) });
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.forward`)) void forwarding.reload();
  }));
  forwarding.sync();
}
