// In-memory index over the traces' `search_text` column (trace id, service, workload, root and span
// names, lowercased, one per line). A needle without a newline matches a trace's search text exactly
// when it lies inside one of its lines, so the index keeps each distinct line once with the traces
// that hold it: a query scans the distinct lines (few: span names repeat across traces) instead of
// every trace's text. The trace id, unique per trace, is matched only when the needle could be in one.

const HEX = /^[0-9a-f]+$/;

/** One distinct line and the traces holding it. */
interface Posting {
  line: string;
  traces: Set<string>;
}

export class TraceSearchIndex {
  private readonly postings = new Map<string, Posting>();
  /** Trace id (as stored) → the postings of its distinct non-id lines (each line string kept once, here). */
  private readonly postingsByTrace = new Map<string, Posting[]>();

  /** Index (or re-index) one trace from its stored search text. */
  set(traceId: string, searchText: string): void {
    const [, ...rest] = searchText.split('\n');
    const lines = new Set(rest);
    const before = this.postingsByTrace.get(traceId);
    if (before) for (const posting of before) if (!lines.has(posting.line)) this.unlink(posting, traceId);
    const postings: Posting[] = [];
    for (const line of lines) {
      let posting = this.postings.get(line);
      if (!posting) this.postings.set(line, (posting = { line, traces: new Set() }));
      posting.traces.add(traceId);
      postings.push(posting);
    }
    this.postingsByTrace.set(traceId, postings);
  }

  delete(traceId: string): void {
    const postings = this.postingsByTrace.get(traceId);
    if (!postings) return;
    for (const posting of postings) this.unlink(posting, traceId);
    this.postingsByTrace.delete(traceId);
  }

  private unlink(posting: Posting, traceId: string): void {
    posting.traces.delete(traceId);
    if (posting.traces.size === 0) this.postings.delete(posting.line);
  }

  /**
   * Ids of the traces whose search text contains `needle` (already lowercased). Null when the index cannot
   * answer exactly (a needle spanning lines) or when more than `atMost` traces match: the caller then scans
   * the column, which finds many matches soon.
   */
  matching(needle: string, atMost = Number.POSITIVE_INFINITY): Set<string> | null {
    if (needle.includes('\n')) return null;
    const found = new Set<string>();
    for (const [line, { traces }] of this.postings) {
      if (!line.includes(needle)) continue;
      if (traces.size > atMost) return null;
      for (const traceId of traces) found.add(traceId);
      if (found.size > atMost) return null;
    }
    // Stored trace ids are lowercase hex (checked at ingest): a needle with any other character is not in one.
    if (HEX.test(needle)) {
      for (const traceId of this.postingsByTrace.keys()) {
        if (traceId.includes(needle) && found.add(traceId).size > atMost) return null;
      }
    }
    return found;
  }
}
