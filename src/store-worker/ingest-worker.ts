// Worker thread entry: owns the TraceStore and answers WorkerRequest messages one at a time; content
// searches start in queue order and then run beside the queue (content-search-jobs.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { TraceStore, type IngestItem } from '../core/store';
import { isFigureMetric } from '../core/agents/metric-figures';
import { decodeRequest, type OtlpEncoding } from '../core/otlp';
import { forwardedCopies } from '../core/forward/hook';
import type { QueuedRequest } from '../core/forward/queue';
import { ContentSearchJobs } from './content-search-jobs';
import { ingestFiles } from './import-files';
import { packWire } from '../protocol/structure-codec';
import type { IngestResult } from '../core/model/store-types';
import type { DecodedRequest } from '../core/model/types';
import {
  serializeError, type MainToWorker, type SearchStartMessage, type WorkerApi, type WorkerInit, type WorkerMethod,
  type WorkerRequest, type WorkerToMain,
} from './worker-protocol';

/** Most submits committed together. */
const MAX_GROUP = 32;

if (!parentPort) throw new Error('ingest-worker must run in a worker thread');
const port = parentPort;
const post = (message: WorkerToMain): void => port.postMessage(message);

/** Encodings accepted requests are copied out in for forwarding; empty = forwarding off. */
let forwardEncodings: OtlpEncoding[] = [];

function apiFor(store: TraceStore): WorkerApi {
  return {
    setForwarding: (encodings) => { forwardEncodings = [...encodings]; },
    submit: (body, signal, encoding) => store.ingestRequest(body, signal, encoding),
    importFiles: (paths) => ingestFiles(store, paths),
    setRedaction: (config) => store.setRedaction(config),
    ingestRemote: (request) => store.ingestDecoded(request),
    listTraces: (filter) => store.listTraces(filter),
    getTraceSummary: (traceId) => store.getTraceSummary(traceId),
    getTraceStructure: (traceId) => packWire(store.getTraceStructure(traceId)),
    getTracePreview: (traceId, limits) => store.getTracePreview(traceId, limits),
    getTraceSpans: (traceId) => store.getTraceSpans(traceId),
    getSpan: (traceId, spanId) => store.getSpan(traceId, spanId),
    searchSpans: (query) => store.searchSpans(query),
    codeLocationStats: (filter) => store.codeLocationStats(filter),
    listSessions: (filter) => store.listSessions(filter),
    sessionFigures: (ids) => store.sessionFigures(ids),
    getUsageSpans: (traceIds) => store.getUsageSpans(traceIds),
    promptRuns: (filter) => store.promptRuns(filter),
    exportOtlpJson: (traceIds) => store.exportOtlpJson(traceIds),
    stats: () => store.stats(),
    refresh: () => store.refresh(),
    clear: () => store.clear(),
    flush: () => store.flush(),
    close: () => store.close(),
  };
}

/** Coalesces ingest notifications: one event (with fresh stats) per burst of requests. */
function ingestNotifier(store: TraceStore): (traceIds: string[]) => void {
  const pending = new Set<string>();
  let scheduled = false;
  return (traceIds) => {
    for (const id of traceIds) pending.add(id);
    if (scheduled || pending.size === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const ids = [...pending];
      pending.clear();
      post({ type: 'ingest', traceIds: ids, stats: store.stats() });
    });
  };
}

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  forwardEncodings = init.forwardEncodings ?? [];
  let store: TraceStore;
  try {
    store = await TraceStore.open(init.store);
  } catch (error) {
    post({ type: 'fatal', error: serializeError(error) });
    return;
  }
  const api = apiFor(store);
  const notify = ingestNotifier(store);
  const respond = (request: WorkerRequest, outcome: { ok: true; result: unknown } | { ok: false; error: unknown }): void => {
    if (outcome.ok) post({ type: 'response', id: request.id, ok: true, result: outcome.result });
    else post({ type: 'response', id: request.id, ok: false, error: serializeError(outcome.error) });
  };
  /** Consecutive submits share one fsync (group commit); each still gets its own answer. */
  const submitGroup = (group: WorkerRequest[]): void => {
    const forwarding = forwardEncodings.length > 0;
    const items = group.map((r): IngestItem => {
      const [body, signal, encoding] = r.args as Parameters<WorkerApi['submit']>;
      if (!forwarding) return { body, signal, encoding };
      // Decoded here rather than inside the store, so the accepted request can be copied out below.
      try {
        return { body, signal, encoding, decoded: decodeRequest(body, signal, encoding, { keep: isFigureMetric }) };
      } catch {
        return { body, signal, encoding }; // the store decodes it again and answers with the error
      }
    });
    let results: Array<unknown>;
    const redacted = new Map<number, DecodedRequest>();
    try {
      results = store.ingestGroup(items, forwarding ? (i, request) => redacted.set(i, request) : undefined);
    } catch (error) {
      for (const request of group) respond(request, { ok: false, error });
      return;
    }
    group.forEach((request, i) => {
      const result = results[i];
      if (result instanceof Error) respond(request, { ok: false, error: result });
      else {
        const { redactions } = result as IngestResult;
        if (redactions) post({ type: 'redacted', report: redactions });
        respond(request, { ok: true, result });
        notify((result as { traceIds: string[] }).traceIds);
      }
    });
    if (forwarding) forwardAccepted(items, results, redacted);
  };
  /** After the answers went out: the copies to forward, off the path a sender waits on. */
  const forwardAccepted = (items: IngestItem[], results: Array<unknown>, redacted: ReadonlyMap<number, DecodedRequest>): void => {
    const requests: QueuedRequest[] = [];
    items.forEach((item, i) => {
      const result = results[i] as { acceptedSpans: number; acceptedLogs: number } | Error;
      if (result instanceof Error || !item.decoded || result.acceptedSpans + result.acceptedLogs === 0) return;
      try {
        const kept = redacted.get(i);
        requests.push(...forwardedCopies({ ...item, decoded: item.decoded, ...(kept ? { redacted: kept } : {}) }, forwardEncodings));
      } catch (error) {
        console.warn(`[forward] could not prepare a request for forwarding: ${(error as Error).message}`);
      }
    });
    if (requests.length > 0) post({ type: 'forward', requests });
  };
  const runOne = async (request: WorkerRequest): Promise<void> => {
    try {
      const method = api[request.method] as (...args: unknown[]) => unknown;
      const result = await method(...(request.args as unknown[]));
      const redactions = isIngest(request.method) ? (result as IngestResult | undefined)?.redactions : undefined;
      if (redactions) post({ type: 'redacted', report: redactions });
      respond(request, { ok: true, result });
      if (isIngest(request.method) && result && typeof result === 'object' && 'traceIds' in result) {
        notify((result as { traceIds: string[] }).traceIds);
      } else if (request.method === 'clear') {
        post({ type: 'ingest', traceIds: [], stats: store.stats() });
      }
      if (request.method === 'close') port.close();
    } catch (error) {
      respond(request, { ok: false, error });
    }
  };
  const searches = new ContentSearchJobs(store, post);
  // Requests run strictly in arrival order; submits that queued up meanwhile go in one group.
  const queue: Array<WorkerRequest | SearchStartMessage> = [];
  const isSubmit = (item: WorkerRequest | SearchStartMessage | undefined): item is WorkerRequest =>
    item?.type === 'request' && item.method === 'submit';
  let draining = false;
  const drain = async (): Promise<void> => {
    draining = true;
    while (queue.length > 0) {
      const next = queue[0]!;
      if (next.type === 'search-start') {
        queue.shift();
        searches.start(next.searchId, next.query);
      } else if (isSubmit(next)) {
        let end = 1;
        while (end < queue.length && end < MAX_GROUP && isSubmit(queue[end])) end++;
        submitGroup(queue.splice(0, end) as WorkerRequest[]);
      } else {
        queue.shift();
        await runOne(next);
      }
      // Let messages that arrived meanwhile join the queue (and the next group).
      await new Promise((resolve) => setImmediate(resolve));
    }
    draining = false;
  };
  port.on('message', (message: MainToWorker) => {
    if (message.type === 'search-cancel') {
      searches.cancel(message.searchId);
      return;
    }
    if (message.type === 'search-start') searches.announce(message.searchId);
    queue.push(message);
    if (!draining) void drain();
  });
  post({ type: 'ready' });
}

function isIngest(method: WorkerMethod): boolean {
  return method === 'submit' || method === 'importFiles' || method === 'ingestRemote';
}

void main();
