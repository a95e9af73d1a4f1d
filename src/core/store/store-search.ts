// Searching span content from the store: `searchSpans` adds content matches to index matches, and
// `searchContent` streams a chunked scan's live matches with progress, pauses and cancellation.
import type {
  ContentMatch, ContentSearchProgress, ContentSearchQuery, ContentSearchResult, SpanSearchQuery, SpanStructure,
} from '../model/store-types';
import { scanContent, type ContentHit } from './content-search';
import type { PayloadStore } from './payload-io';
import { RecordKind } from './segment-records';
import type { StoreReads } from './store-reads';

function compareNanosDesc(a: string, b: string): number {
  return a.length !== b.length ? b.length - a.length : a < b ? 1 : a > b ? -1 : 0;
}

/** The span a content hit belongs to, if the hit's record is still the stored one. */
function liveHit(reads: StoreReads, hit: ContentHit): SpanStructure | null {
  if (hit.kind === RecordKind.Log || hit.kind === RecordKind.RelocatedLog) {
    return reads.logIsLive(hit.pointer) ? reads.structureAt(hit.traceId, hit.spanId) : null;
  }
  return reads.structureAt(hit.traceId, hit.spanId, hit.pointer);
}

/** Spans by trace, kind or name; `text` matches their indexed fields and their stored content. */
export function searchSpansAndContent(reads: StoreReads, payloads: PayloadStore, query: SpanSearchQuery): SpanStructure[] {
  const limit = query.limit ?? 100;
  const found = reads.searchSpans(query);
  if (!query.text || found.length >= limit) return found;
  const keys = new Set(found.map((s) => `${s.traceId}/${s.spanId}`));
  for (const step of scanContent(payloads, query.text)) {
    for (const hit of step.hits) {
      const key = `${hit.traceId}/${hit.spanId}`;
      if (keys.has(key) || (query.traceId !== undefined && hit.traceId !== query.traceId)) continue;
      const span = liveHit(reads, hit);
      if (!span || (query.kind !== undefined && span.kind !== query.kind)) continue;
      if (query.name && !span.name.toLowerCase().includes(query.name.toLowerCase())) continue;
      keys.add(key);
      found.push(span);
    }
  }
  return found.sort((a, b) => compareNanosDesc(a.startTimeUnixNano, b.startTimeUnixNano) || (a.spanId < b.spanId ? -1 : 1))
    .slice(0, limit);
}

/** The store as a scan sees it at each step (a reader may reload in between). */
export type SearchTarget = () => { reads: StoreReads; payloads: PayloadStore; closed: boolean };

/** The newest `capacity` items pushed (a fixed ring: a segment can hold millions of hits). */
class NewestHits {
  private readonly items: ContentHit[] = [];
  private next = 0;
  /** Hits pushed out by newer ones. */
  dropped = 0;

  constructor(private readonly capacity: number) {}

  push(hit: ContentHit): void {
    if (this.items.length < this.capacity) this.items.push(hit);
    else {
      this.items[this.next] = hit;
      this.next = (this.next + 1) % this.capacity;
      this.dropped++;
    }
  }

  *newestFirst(): Generator<ContentHit> {
    for (let i = this.items.length - 1; i >= 0; i--) yield this.items[(this.next + i) % this.items.length]!;
  }
}

/**
 * Newest first: segments newest first, and within a segment the records written last first (a segment is
 * scanned whole, its hits kept in a ring of the newest, then handed out in reverse). Stops after the segment
 * in which the limit is reached: older segments are not scanned.
 */
export async function streamContentSearch(
  target: SearchTarget, query: ContentSearchQuery, onProgress: (progress: ContentSearchProgress) => void,
  options: { signal?: AbortSignal; pause?: () => Promise<void> },
): Promise<ContentSearchResult> {
  const limit = query.limit ?? 200;
  let matchCount = 0;
  let scannedBytes = 0;
  let totalBytes = 0;
  const seen = new Set<string>();
  const capacity = Math.max(limit * 2, limit + 64);
  let segmentHits = new NewestHits(capacity);
  for (const step of scanContent(target().payloads, query.text)) {
    const { reads, closed } = target();
    if (options.signal?.aborted || closed) return { matchCount, scannedBytes, totalBytes, complete: false };
    scannedBytes = step.scannedBytes;
    totalBytes = step.totalBytes;
    for (const hit of step.hits) if (query.traceId === undefined || hit.traceId === query.traceId) segmentHits.push(hit);
    if (step.segmentEnd === undefined) {
      onProgress({ matches: [], scannedBytes, totalBytes });
      if (options.pause) await options.pause();
      continue;
    }
    const matches: ContentMatch[] = [];
    let moreInSegment = false;
    for (const hit of segmentHits.newestFirst()) {
      const key = `${hit.traceId}/${hit.spanId}`;
      if (seen.has(key)) continue;
      const live = liveHit(reads, hit);
      if (!live) continue;
      if (matchCount + matches.length >= limit) {
        moreInSegment = true;
        break;
      }
      seen.add(key);
      matches.push({ span: live, snippet: hit.snippet });
    }
    moreInSegment ||= segmentHits.dropped > 0;
    segmentHits = new NewestHits(capacity);
    matchCount += matches.length;
    onProgress({ matches, scannedBytes, totalBytes });
    if (matchCount >= limit && (moreInSegment || scannedBytes < totalBytes)) {
      return { matchCount, scannedBytes, totalBytes, complete: false, stoppedAtLimit: true };
    }
    if (options.pause) await options.pause();
  }
  return { matchCount, scannedBytes, totalBytes, complete: true };
}
