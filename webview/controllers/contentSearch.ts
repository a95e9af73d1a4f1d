// The "in span content" search of the trace list: debounces typing, runs one search at a time through the
// host (a new query or switching the toggle off cancels the running one), and merges the streamed progress.
import type { ContentSearchOutcome, ContentSearchParams, ContentSearchProgressParams } from '../../src/protocol/messages';
import {
  pendingResults, startedResults, withError, withOutcome, withProgress, type ContentResults,
} from '../model/contentSearch';

/** Typing pauses this long before a search starts. */
export const TYPING_PAUSE_MS = 350;

export interface ContentSearchChannel {
  search(params: ContentSearchParams): Promise<ContentSearchOutcome>;
  cancel(searchId: number): void;
}

export class ContentSearchController {
  private state: ContentResults | null = null;
  private nextSearchId = 1;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly requestUpdate: () => void, private readonly channel: ContentSearchChannel) {}

  /** What the list shows instead of the traces; null when no content search is asked for. */
  get results(): ContentResults | null {
    return this.state;
  }

  /** The filter text changed with the toggle on: cancel what runs, search the new text after a pause. */
  query(text: string, delayMs = TYPING_PAUSE_MS): void {
    this.cancelPending();
    const trimmed = text.trim();
    this.state = trimmed ? pendingResults(trimmed) : null;
    if (trimmed) this.typingTimer = setTimeout(() => void this.start(trimmed), delayMs);
    this.requestUpdate();
  }

  /** The cancel button: the host stops the scan and answers with what was found so far. */
  cancel(): void {
    if (this.state?.phase === 'running') this.channel.cancel(this.state.searchId);
    else if (this.state?.phase === 'typing') this.stop();
  }

  /** The toggle went off (or the list went away for good): nothing runs, nothing shows. */
  stop(): void {
    this.cancelPending();
    this.state = null;
    this.requestUpdate();
  }

  onProgress(progress: ContentSearchProgressParams): void {
    if (!this.state) return;
    const next = withProgress(this.state, progress);
    if (next === this.state) return;
    this.state = next;
    this.requestUpdate();
  }

  private cancelPending(): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    if (this.state?.phase === 'running') this.channel.cancel(this.state.searchId);
  }

  private async start(text: string): Promise<void> {
    this.typingTimer = undefined;
    const searchId = this.nextSearchId++;
    this.state = startedResults(searchId, text);
    this.requestUpdate();
    try {
      const outcome = await this.channel.search({ searchId, text });
      if (this.state?.searchId === searchId) this.state = withOutcome(this.state, searchId, outcome);
    } catch (error) {
      if (this.state?.searchId === searchId) this.state = withError(this.state, searchId, (error as Error).message);
    }
    this.requestUpdate();
  }
}

