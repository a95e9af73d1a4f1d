// Caller side of content search: the searches running in the worker, their progress callbacks, their
// cancellation by AbortSignal, and their end (a result message, or a rejection when the worker dies).
import type { ContentSearchProgress, ContentSearchQuery, ContentSearchResult } from '../core/model/store-types';
import {
  notStartedResult, type SearchCancelMessage, type SearchStartMessage, type SerializedError, type WorkerToMain,
} from './worker-protocol';

interface RunningSearch {
  onProgress(progress: ContentSearchProgress): void;
  resolve(result: ContentSearchResult): void;
  reject(error: Error): void;
  /** Stops listening to the caller's AbortSignal. */
  detach(): void;
}

type SearchMessage = Extract<WorkerToMain, { type: 'search-progress' | 'search-result' }>;

export class ContentSearches {
  private nextId = 1;
  private readonly running = new Map<number, RunningSearch>();

  constructor(
    private readonly post: (message: SearchStartMessage | SearchCancelMessage) => void,
    private readonly rebuildError: (error: SerializedError) => Error,
  ) {}

  start(
    query: ContentSearchQuery, onProgress: (progress: ContentSearchProgress) => void, signal?: AbortSignal,
  ): Promise<ContentSearchResult> {
    if (signal?.aborted) return Promise.resolve(notStartedResult());
    const searchId = this.nextId++;
    return new Promise<ContentSearchResult>((resolve, reject) => {
      const cancel = (): void => {
        if (this.running.has(searchId)) this.post({ type: 'search-cancel', searchId });
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const detach = (): void => signal?.removeEventListener('abort', cancel);
      this.running.set(searchId, { onProgress, resolve, reject, detach });
      try {
        this.post({ type: 'search-start', searchId, query });
      } catch (error) {
        this.end(searchId)?.reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    });
  }

  /** A progress or result message from the worker. */
  handle(message: SearchMessage): void {
    if (message.type === 'search-progress') {
      const { matches, scannedBytes, totalBytes } = message;
      this.running.get(message.searchId)?.onProgress({ matches, scannedBytes, totalBytes });
      return;
    }
    const search = this.end(message.searchId);
    if (!search) return;
    if (message.ok) search.resolve(message.result);
    else search.reject(this.rebuildError(message.error));
  }

  /** The worker is gone: every running search fails. Returns how many did. */
  rejectAll(failure: Error): number {
    const ids = [...this.running.keys()];
    for (const id of ids) this.end(id)?.reject(failure);
    return ids.length;
  }

  private end(searchId: number): RunningSearch | undefined {
    const search = this.running.get(searchId);
    if (!search) return undefined;
    this.running.delete(searchId);
    search.detach();
    return search;
  }
}
