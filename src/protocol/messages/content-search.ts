// Searching the spans' stored content, with progress while the store scans.
import type { SpanKindLabel } from '../../core/model/types';
import { hostNotification, pageNotification, pageRequest } from '../rpc-types';
import type { TraceRow } from './traces';

/** One span whose stored content matched a content search, with the text around the hit. */
export interface ContentSearchHit {
  traceId: string;
  spanId: string;
  name: string;
  kind: SpanKindLabel;
  /** Span content: untrusted, shown strictly as text. */
  snippet: string;
}

/** Start a content search; the webview numbers its searches (progress and cancel name the number). */
export interface ContentSearchParams {
  searchId: number;
  text: string;
}

/** After each scanned chunk: the new hits, the rows of traces not sent before, and the totals so far. */
export interface ContentSearchProgressParams {
  searchId: number;
  hits: ContentSearchHit[];
  /** Rows for the traces of `hits` that earlier progress did not name (absent when a trace is gone). */
  traces: TraceRow[];
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
}

/** How a content search ended. */
export interface ContentSearchOutcome {
  matchCount: number;
  scannedBytes: number;
  totalBytes: number;
  /** Every byte was scanned. */
  complete: boolean;
  /** Stopped by a cancel or a newer search (else an incomplete search stopped at the match limit). */
  cancelled: boolean;
}

/** Search the spans' stored content; progress arrives as ContentSearchProgress, the answer when it ends. */
export const SearchContent = pageRequest<ContentSearchParams, ContentSearchOutcome>('content/search');
/** Stop this content search (its SearchContent request then answers cancelled). */
export const CancelContentSearch = pageNotification<{ searchId: number }>('content/cancel');
/** A running content search scanned another chunk. */
export const ContentSearchProgress = hostNotification<ContentSearchProgressParams>('content/progress');
