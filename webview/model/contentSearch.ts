// A content search's results as the list shows them: matching spans grouped under their traces (in the
// order the scan found them), the totals so far, and the one-line progress text.
import type {
  ContentSearchHit, ContentSearchOutcome, ContentSearchProgressParams, TraceRow,
} from '../../src/protocol/messages';
import { countLabel, formatBytes } from './format';

export interface ContentMatchGroup {
  traceId: string;
  /** Null until the host sent the trace's row (or when the trace is gone). */
  trace: TraceRow | null;
  hits: ContentSearchHit[];
}

export type ContentSearchPhase = 'typing' | 'running' | 'done' | 'cancelled' | 'error';

export interface ContentResults {
  /** 0 while waiting for the typing pause (no search sent yet). */
  searchId: number;
  text: string;
  phase: ContentSearchPhase;
  groups: ContentMatchGroup[];
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
  /** The scan stopped at the match limit. */
  limited: boolean;
  error: string | null;
}

export function pendingResults(text: string): ContentResults {
  return {
    searchId: 0, text, phase: 'typing', groups: [], matchCount: 0, scannedBytes: 0, totalBytes: 0, limited: false, error: null,
  };
}

export function startedResults(searchId: number, text: string): ContentResults {
  return { ...pendingResults(text), searchId, phase: 'running' };
}

/** Merge one progress message: hits join their trace's group, new traces append, rows fill in. */
export function withProgress(results: ContentResults, progress: ContentSearchProgressParams): ContentResults {
  if (progress.searchId !== results.searchId || results.phase !== 'running') return results;
  const groups = results.groups.map((g) => ({ ...g, hits: [...g.hits] }));
  const byTrace = new Map(groups.map((g) => [g.traceId, g]));
  for (const hit of progress.hits) {
    let group = byTrace.get(hit.traceId);
    if (!group) {
      group = { traceId: hit.traceId, trace: null, hits: [] };
      byTrace.set(hit.traceId, group);
      groups.push(group);
    }
    if (!group.hits.some((h) => h.spanId === hit.spanId)) group.hits.push(hit);
  }
  for (const row of progress.traces) {
    const group = byTrace.get(row.traceId);
    if (group) group.trace = row;
  }
  return {
    ...results,
    groups,
    matchCount: progress.matchCount,
    scannedBytes: progress.scannedBytes,
    totalBytes: progress.totalBytes,
  };
}

export function withOutcome(results: ContentResults, searchId: number, outcome: ContentSearchOutcome): ContentResults {
  if (searchId !== results.searchId) return results;
  return {
    ...results,
    phase: outcome.cancelled ? 'cancelled' : 'done',
    matchCount: outcome.matchCount,
    scannedBytes: outcome.scannedBytes,
    totalBytes: outcome.totalBytes,
    limited: !outcome.complete && !outcome.cancelled,
  };
}

export function withError(results: ContentResults, searchId: number, message: string): ContentResults {
  if (searchId !== results.searchId) return results;
  return { ...results, phase: 'error', error: message };
}

/** "searching… 34% · 12 matches", then "12 matches · 1.1 GB searched". */
export function progressText(r: ContentResults): string {
  const matches = countLabel(r.matchCount, 'match', 'matches');
  const searched = `${formatBytes(r.scannedBytes)} searched`;
  switch (r.phase) {
    case 'typing':
      return 'searching…';
    case 'running': {
      const percent = r.totalBytes > 0 ? Math.min(100, Math.floor((r.scannedBytes / r.totalBytes) * 100)) : 0;
      return `searching… ${percent}% · ${matches}`;
    }
    case 'done':
      return r.limited ? `first ${matches} · ${searched} (more may match)` : `${matches} · ${searched}`;
    case 'cancelled':
      return `cancelled · ${matches} · ${searched}`;
    case 'error':
      return `search failed · ${matches}`;
  }
}

/** The snippet split around the first case-insensitive occurrence of the search text (null when not found). */
export function highlightSplit(snippet: string, text: string): { before: string; hit: string; after: string } | null {
  const lower = snippet.toLowerCase();
  const needle = text.toLowerCase();
  // Lowercasing can change lengths (e.g. "İ"): then positions do not carry over and nothing is marked.
  if (!needle || lower.length !== snippet.length) return null;
  const at = lower.indexOf(needle);
  if (at < 0) return null;
  return { before: snippet.slice(0, at), hit: snippet.slice(at, at + needle.length), after: snippet.slice(at + needle.length) };
}
