// Where the open trace's time and money went: its critical path and time by kind (computed here from the span
// tree), its cost breakdown (asked of the host), and the selected span's cost and timing for the details.
import { html, nothing, type TemplateResult } from 'lit';
import {
  GetSpanInsights, GetUsage, type PageRequest, type SpanInsights, type UsageResult,
} from '../../src/protocol/messages';
import { renderStackedBar } from '../components/stackedBar';
import { criticalPathSteps } from '../model/criticalPath';
import { costSegments, formatUsd, timeSegments } from '../model/costBar';
import { formatCost, formatDuration } from '../model/format';
import { timeByKindSteps, type TimeByKind } from '../model/timeByKind';
import type { TreeIndex } from '../model/tree';
import { renderByModel, renderCostBreakdown, renderSpanTiming } from '../views/costView';

export type SendRequest = <P, R>(type: PageRequest<P, R>, params: P) => Promise<R>;

const EMPTY: ReadonlySet<string> = new Set();
/** Work per slice of the critical path / time-by-kind computation, so scrolling stays smooth meanwhile. */
const SLICE_MS = 8;
const nextSlice = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class TraceInsightsController {
  private traceId: string | null = null;
  private index: TreeIndex | null = null;
  private criticalIds: ReadonlySet<string> = EMPTY;
  private kinds: TimeByKind | null = null;
  private usage: UsageResult | null = null;
  /** The trace's cost as the store's rollup has it (shown beside the breakdown's total for comparison). */
  private storeCostUsd: number | null = null;
  private span: SpanInsights | null = null;
  private spanKey: string | null = null;
  private usageSeq = 0;
  /** Bumped by every new computation and by close: a slice of an older one stops. */
  private computeRun = 0;
  private workloadKey: string | null = null;
  private workloadUsage: UsageResult | null = null;
  private workloadSeq = 0;
  private spanSeq = 0;
  /** Highlight the critical path in the waterfall. */
  showCritical = true;

  constructor(private readonly requestUpdate: () => void, private readonly send: SendRequest) {}

  /** Span ids on the critical path of the open trace (empty when hidden or none). */
  get critical(): ReadonlySet<string> {
    return this.showCritical ? this.criticalIds : EMPTY;
  }

  get timeKinds(): TimeByKind | null {
    return this.kinds;
  }

  get traceUsage(): UsageResult | null {
    return this.usage;
  }

  /** A trace opened, or the open one changed (new spans): recompute from its tree and refetch its cost. */
  traceShown(traceId: string, index: TreeIndex, storeCostUsd: number | null): void {
    const changed = traceId !== this.traceId;
    this.traceId = traceId;
    this.index = index;
    this.storeCostUsd = storeCostUsd;
    // A big trace's path and bar take a few hundred ms: computed after the tree's first paint, a slice at a time.
    this.computeRun++;
    void this.computeSliced(index, this.computeRun);
    if (changed) {
      this.criticalIds = EMPTY;
      this.kinds = null;
      this.usage = null;
      this.span = null;
      this.spanKey = null;
    }
    void this.loadUsage(traceId);
  }

  /** The trace view closed. */
  traceClosed(): void {
    this.computeRun++;
    this.traceId = null;
    this.index = null;
    this.criticalIds = EMPTY;
    this.kinds = null;
    this.usage = null;
    this.span = null;
    this.spanKey = null;
    this.usageSeq++;
    this.spanSeq++;
  }

  private async computeSliced(index: TreeIndex, run: number): Promise<void> {
    const critical = new Set<string>();
    const path = criticalPathSteps(index, critical);
    const kinds = timeByKindSteps(index);
    let result: TimeByKind | null = null;
    let pathDone = false;
    while (!pathDone || result === null) {
      await nextSlice();
      if (run !== this.computeRun) return;
      const until = performance.now() + SLICE_MS;
      while (performance.now() < until && (!pathDone || result === null)) {
        if (!pathDone) pathDone = path.next().done === true;
        else {
          const r = kinds.next();
          if (r.done) result = r.value;
        }
      }
    }
    this.criticalIds = critical;
    this.kinds = result;
    this.requestUpdate();
  }

  /** A span was selected: fetch its cost and timing (cheap: one span). */
  spanSelected(traceId: string, spanId: string): void {
    const key = `${traceId}/${spanId}`;
    if (key === this.spanKey) return;
    this.spanKey = key;
    this.span = null;
    const seq = ++this.spanSeq;
    void this.send(GetSpanInsights, { traceId, spanId }).then((r) => {
      if (seq !== this.spanSeq) return;
      this.span = r;
      this.requestUpdate();
    }, () => undefined);
  }

  private async loadUsage(traceId: string): Promise<void> {
    const seq = ++this.usageSeq;
    const result = await this.send(GetUsage, { traceIds: [traceId] }).catch(() => null);
    if (seq !== this.usageSeq || traceId !== this.traceId) return;
    this.usage = result;
    this.requestUpdate();
  }

  /** Two thin bars under the trace header: money by kind of token, time by kind of work. */
  renderHeader(): TemplateResult | typeof nothing {
    if (!this.index) return nothing;
    const u = this.usage?.usage.total;
    const money = u && u.calls > 0 ? costSegments(u) : null;
    const time = this.kinds ? timeSegments(this.kinds, formatDuration) : [];
    return html`<div class="trace-insights" data-total-usd=${u?.totalUsd ?? ''} data-store-usd=${this.storeCostUsd ?? ''}>
      ${money && money.segments.length ? html`<div class="insight-row"><span class="insight-label" title=${`Cost ${formatUsd(u!.totalUsd)}${u!.reportedCalls ? ' (reported by the producer)' : ''}`}>
        ${money.unit === 'usd' ? formatCost(u!.totalUsd) || formatUsd(u!.totalUsd) : 'tokens'}</span>${renderStackedBar('trace-cost', 'Cost by kind of token', money.segments, false)}</div>` : nothing}
      ${time.length ? html`<div class="insight-row"><span class="insight-label">time</span>${renderStackedBar('trace-time', 'Time by kind', time, false)}
        <vscode-toolbar-button icon="debug-stackframe" label="Critical path" title="Highlight the critical path (the spans that set the total duration)"
          toggleable .checked=${this.showCritical} class="critical-toggle"
          @click=${() => { this.showCritical = !this.showCritical; this.requestUpdate(); }}></vscode-toolbar-button></div>` : nothing}
      ${time.length || (u && u.calls > 0) ? html`<details class="trace-money"><summary>Where the time and money went</summary>
        ${time.length ? html`<table class="kv time-table"><tbody>${time.map((t) => html`<tr data-kind=${t.key}>
          <th><span class="swatch seg-${t.key}"></span>${t.label}</th><td class="num">${t.valueText}</td></tr>`)}</tbody></table>` : nothing}
        ${this.renderTraceMoney()}</details>` : nothing}
    </div>`;
  }

  /** The selected span's money and time, for the details' overview. */
  renderSpanSection(spanId: string | null): TemplateResult | typeof nothing {
    const s = this.span;
    if (!s || !spanId || this.spanKey !== `${this.traceId}/${spanId}`) return nothing;
    const onPath = this.criticalIds.has(spanId);
    return html`<section class="span-insights">
      ${s.timing ? html`<h4><span class="codicon codicon-watch"></span> Time</h4>${renderSpanTiming(s.timing)}` : nothing}
      ${onPath ? html`<div class="muted on-critical-path"><span class="codicon codicon-debug-stackframe"></span> On the critical path</div>` : nothing}
      ${s.cost ? html`<h4><span class="codicon codicon-credit-card"></span> Cost</h4>${renderCostBreakdown(s.cost, s.pricesAsOf, 'span-breakdown')}` : nothing}
    </section>`;
  }

  /**
   * A workload's money over the traces the list has loaded for it (grouped by workload, one workload picked).
   * Fetched once per set of traces; the list's refreshes ask again only when that set changed.
   */
  renderWorkloadMoney(workloadId: string, traceIds: readonly string[]): TemplateResult | typeof nothing {
    const key = `${workloadId}\n${traceIds.length}\n${traceIds[0] ?? ''}\n${traceIds[traceIds.length - 1] ?? ''}`;
    if (key !== this.workloadKey) {
      this.workloadKey = key;
      this.workloadUsage = null;
      const seq = ++this.workloadSeq;
      if (traceIds.length > 0) {
        void this.send(GetUsage, { traceIds: [...traceIds] }).then((r) => {
          if (seq !== this.workloadSeq) return;
          this.workloadUsage = r;
          this.requestUpdate();
        }, () => undefined);
      }
    }
    const u = this.workloadUsage;
    if (!u || u.usage.total.calls === 0) return nothing;
    return html`<details class="workload-money" data-workload=${workloadId}><summary>Where the money went in ${workloadId}
      <span class="muted">(${u.traces} loaded ${u.traces === 1 ? 'trace' : 'traces'})</span></summary>
      ${renderCostBreakdown(u.usage.total, u.pricesAsOf, 'workload-breakdown')}${renderByModel(u.usage)}</details>`;
  }

  /** The whole trace's money, by bucket and by model (for the trace header's details). */
  renderTraceMoney(): TemplateResult | typeof nothing {
    const u = this.usage;
    if (!u || u.usage.total.calls === 0) return nothing;
    return html`${renderCostBreakdown(u.usage.total, u.pricesAsOf, 'trace-breakdown')}${renderByModel(u.usage)}`;
  }
}
