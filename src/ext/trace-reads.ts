// The panel's trace reads: the list, one trace (a preview first when it is big), a span, and the selection.
// A page that is about to ask for a trace can have it read early (see TraceReads.prefetch).
import {
  GetSpan, GetTrace, GetTracePreview, GetTraceSummary, ListTraces, SpanSelected,
  type Badge, type SpanRef, type TraceDetail, type TraceDetailWire, type TracePreviewWire, type TraceRow, type TreeSpan,
} from '../protocol/messages';
import type { HostRpc } from '../protocol/rpc';
import { fromWire, packWire, unpackStructure, type WireStructure } from '../protocol/structure-codec';
import type { StoreWorker } from '../store-worker';
import { listTracePage, type TraceListDecorations } from './trace-list-page';

/**
 * Traces this big open with a preview first (their top level, as many spans as a tall editor shows), then the
 * whole structure: reading and sending 100k spans takes about a second, the preview a tenth of that.
 */
const TRACE_PREVIEW_LIMITS = { minSpans: 5000, maxSpans: 150 };

export interface TraceReadDeps {
  openStore(): Promise<StoreWorker>;
  decorations: TraceListDecorations & { applyToTrace(detail: TraceDetail): Promise<TraceDetail> };
  /** The store and decoration versions: an early answer is used only while they are unchanged. */
  versions(): string;
  /** The panels' shared selection: the trace shown or selected last, and the span selected last. */
  selection: { currentTraceId: string | null; selectedSpan: SpanRef | null };
}

/**
 * The worker's columns, forwarded as they came, with the decorators' span badges. Decorators only add badges to the
 * span objects they are handed (the columns stay valid); were the spans replaced, they are packed afresh.
 */
function decoratedColumns(columns: WireStructure, spans: TreeSpan[], detail: TraceDetail): WireStructure {
  if (detail.spans !== spans || spans.length !== columns.count) return packWire(detail.spans);
  const badges: Record<number, Badge[]> = {};
  spans.forEach((span, i) => {
    if (span.badges?.length) badges[i] = span.badges;
  });
  return { ...columns, badges };
}

/** An answer started before the page asks for it; used once, if the store and the decorations did not change since. */
class EarlyAnswer<T> {
  private slot: { traceId: string; versions: string; answer: Promise<T> } | null = null;

  constructor(private readonly versions: () => string) {}

  start(traceId: string, answer: Promise<T>): void {
    answer.catch(() => undefined);
    this.slot = { traceId, versions: this.versions(), answer };
  }

  /** The early answer for `traceId` while still current (else, or if it failed, a fresh `read`). */
  take(traceId: string, read: () => Promise<T>): Promise<T> {
    const early = this.slot;
    this.slot = null;
    return early?.traceId === traceId && early.versions === this.versions() ? early.answer.catch(read) : read();
  }
}

/** One page's trace reads (each page keeps its own early answers). */
export class TraceReads {
  private readonly earlyTrace: EarlyAnswer<TraceDetailWire>;
  private readonly earlyPreview: EarlyAnswer<TracePreviewWire | null>;

  constructor(private readonly deps: TraceReadDeps) {
    this.earlyTrace = new EarlyAnswer(deps.versions);
    this.earlyPreview = new EarlyAnswer(deps.versions);
  }

  /**
   * Start reading `traceId` now, for a page that will ask for it once loaded: a new webview takes about as long
   * to boot as a big trace takes to read.
   */
  prefetch(traceId: string): void {
    // The preview first: the worker answers in order, and the page paints it while the whole trace is read.
    this.earlyPreview.start(traceId, this.readPreview(traceId));
    this.earlyTrace.start(traceId, this.readTrace(traceId));
  }

  async trace(traceId: string): Promise<TraceDetailWire> {
    const answer = await this.earlyTrace.take(traceId, () => this.readTrace(traceId));
    this.deps.selection.currentTraceId = answer.packed.count > 0 ? traceId : null;
    return answer;
  }

  preview(traceId: string): Promise<TracePreviewWire | null> {
    return this.earlyPreview.take(traceId, () => this.readPreview(traceId));
  }

  /** Sent as the store answers it: a few dozen spans, and the summary without decorations (they need the whole trace). */
  private async readPreview(traceId: string): Promise<TracePreviewWire | null> {
    return (await this.deps.openStore()).getTracePreview(traceId, TRACE_PREVIEW_LIMITS);
  }

  private async readTrace(traceId: string): Promise<TraceDetailWire> {
    const w = await this.deps.openStore();
    const [summary, columns] = await Promise.all([w.getTraceSummary(traceId), w.getTraceColumns(traceId)]);
    const spans = unpackStructure(fromWire(columns));
    const detail = await this.deps.decorations.applyToTrace({ summary, spans, ghosts: [] } satisfies TraceDetail);
    return { summary: detail.summary, packed: decoratedColumns(columns, spans, detail), ghosts: detail.ghosts };
  }
}

export function registerTraceHandlers(rpc: HostRpc, deps: TraceReadDeps): TraceReads {
  const reads = new TraceReads(deps);
  const { openStore, decorations, selection } = deps;
  rpc.onRequest(ListTraces, async (query) => listTracePage(await openStore(), decorations, query ?? {}));
  rpc.onRequest(GetTrace, ({ traceId }) => reads.trace(traceId));
  rpc.onRequest(GetTracePreview, ({ traceId }) => reads.preview(traceId));
  rpc.onRequest(GetTraceSummary, async ({ traceId }): Promise<TraceRow | null> => {
    const summary = await (await openStore()).getTraceSummary(traceId);
    return summary ? (await decorations.applyToTraces([summary]))[0] ?? null : null;
  });
  rpc.onRequest(GetSpan, async ({ traceId, spanId }) => (await openStore()).getSpan(traceId, spanId));
  rpc.onNotification(SpanSelected, (ref) => {
    selection.selectedSpan = ref ? { traceId: ref.traceId, spanId: ref.spanId } : null;
    // The page clears the selection only when it leaves the trace (back to the list, or to a code location).
    selection.currentTraceId = ref ? ref.traceId : null;
  });
  return reads;
}
