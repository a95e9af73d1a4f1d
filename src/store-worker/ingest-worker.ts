// Worker thread entry: owns the TraceStore and answers WorkerRequest messages one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { TraceStore } from '../core/store';
import { ingestFiles } from './import-files';
import { packTransferable } from '../protocol/structure-codec';
import {
  serializeError, type WorkerApi, type WorkerInit, type WorkerMethod, type WorkerRequest, type WorkerToMain,
} from './worker-protocol';

if (!parentPort) throw new Error('ingest-worker must run in a worker thread');
const port = parentPort;
const post = (message: WorkerToMain): void => port.postMessage(message);

function apiFor(store: TraceStore): WorkerApi {
  return {
    submit: (body, signal, encoding) => store.ingestRequest(body, signal, encoding),
    importFiles: (paths) => ingestFiles(store, paths),
    listTraces: (filter) => store.listTraces(filter),
    getTraceSummary: (traceId) => store.getTraceSummary(traceId),
    getTraceStructure: (traceId) => packTransferable(store.getTraceStructure(traceId)),
    getTraceSpans: (traceId) => store.getTraceSpans(traceId),
    getSpan: (traceId, spanId) => store.getSpan(traceId, spanId),
    searchSpans: (query) => store.searchSpans(query),
    codeLocationStats: (filter) => store.codeLocationStats(filter),
    exportOtlpJson: (traceIds) => store.exportOtlpJson(traceIds),
    stats: () => store.stats(),
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
  let store: TraceStore;
  try {
    store = await TraceStore.open(init.store);
  } catch (error) {
    post({ type: 'fatal', error: serializeError(error) });
    return;
  }
  const api = apiFor(store);
  const notify = ingestNotifier(store);
  // Requests run strictly in arrival order, even when one of them is async (flush/close).
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (request: WorkerRequest) => {
    chain = chain.then(async () => {
      try {
        const method = api[request.method] as (...args: unknown[]) => unknown;
        const result = await method(...(request.args as unknown[]));
        post({ type: 'response', id: request.id, ok: true, result });
        if (isIngest(request.method) && result && typeof result === 'object' && 'traceIds' in result) {
          notify((result as { traceIds: string[] }).traceIds);
        } else if (request.method === 'clear') {
          post({ type: 'ingest', traceIds: [], stats: store.stats() });
        }
        if (request.method === 'close') port.close();
      } catch (error) {
        post({ type: 'response', id: request.id, ok: false, error: serializeError(error) });
      }
    });
  });
  post({ type: 'ready' });
}

function isIngest(method: WorkerMethod): boolean {
  return method === 'submit' || method === 'importFiles';
}

void main();
