// Worker side of content search: each search runs as a job beside the request queue. The scan yields to the
// event loop between chunks, so queued requests (ingest, queries) are answered while it runs.
import type { ContentSearchQuery } from '../core/model/store-types';
import type { TraceStore } from '../core/store';
import { notStartedResult, serializeError, type WorkerToMain } from './worker-protocol';

/** Between two chunks: let every message and queued request that is ready run first. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ContentSearchJobs {
  /** Searches announced and not finished; a cancel that overtakes a queued start aborts it before it begins. */
  private readonly controllers = new Map<number, AbortController>();

  constructor(private readonly store: TraceStore, private readonly post: (message: WorkerToMain) => void) {}

  /** On arrival of the start message, before it waits its turn in the queue. */
  announce(searchId: number): void {
    this.controllers.set(searchId, new AbortController());
  }

  cancel(searchId: number): void {
    this.controllers.get(searchId)?.abort();
  }

  /** Begin the scan (when the start message's turn in the queue comes); does not wait for it to end. */
  start(searchId: number, query: ContentSearchQuery): void {
    let controller = this.controllers.get(searchId);
    if (!controller) {
      controller = new AbortController();
      this.controllers.set(searchId, controller);
    }
    void this.run(searchId, query, controller.signal);
  }

  private async run(searchId: number, query: ContentSearchQuery, signal: AbortSignal): Promise<void> {
    try {
      // A cancel sent right after the start is already waiting: take it before scanning the first chunk.
      await yieldToEventLoop();
      if (signal.aborted) {
        this.post({ type: 'search-result', searchId, ok: true, result: notStartedResult() });
        return;
      }
      const result = await this.store.searchContent(
        query,
        ({ matches, scannedBytes, totalBytes }) => {
          this.post({ type: 'search-progress', searchId, matches, scannedBytes, totalBytes });
        },
        { signal, pause: yieldToEventLoop },
      );
      this.post({ type: 'search-result', searchId, ok: true, result });
    } catch (error) {
      this.post({ type: 'search-result', searchId, ok: false, error: serializeError(error) });
    } finally {
      this.controllers.delete(searchId);
    }
  }
}
