// Money details: tokens and USD per billing bucket, what the producer reported itself, and the split by model.
import { html, nothing, type TemplateResult } from 'lit';
import type { CostBreakdown, UsageBreakdown } from '../../src/core/insights/cost';
import type { SpanTiming } from '../../src/core/insights/timing';
import { renderStackedBar } from '../components/stackedBar';
import { BUCKET_LABELS, BUCKET_ORDER, costSegments, formatUsd } from '../model/costBar';
import { formatDuration, formatTokens } from '../model/format';

function sourceNote(b: CostBreakdown, pricesAsOf: string): TemplateResult | typeof nothing {
  const notes: string[] = [];
  if (b.reportedCalls > 0) notes.push(b.reportedCalls === b.calls ? 'reported by the producer' : `${b.reportedCalls} of ${b.calls} calls reported by the producer`);
  if (b.tableCalls > 0) notes.push(`${b.reportedCalls > 0 ? `${b.tableCalls} ` : ''}priced from the list-price table of ${pricesAsOf}`);
  if (b.unpricedCalls > 0) notes.push(`${b.unpricedCalls} of ${b.calls} calls have no price (add one in agentTraceLens.prices)`);
  return notes.length ? html`<div class="cost-source muted">${notes.join('; ')}</div>` : nothing;
}

/** A bucket table with its stacked bar; `data-usd` carries the unrounded figures for tests and copy. */
export function renderCostBreakdown(b: CostBreakdown, pricesAsOf: string, className = ''): TemplateResult {
  const { segments } = costSegments(b);
  const rows = BUCKET_ORDER.filter((k) => b.buckets[k].tokens > 0 || (b.buckets[k].usd ?? 0) > 0);
  return html`<div class="cost-breakdown ${className}" data-total-usd=${b.totalUsd === null ? '' : String(b.totalUsd)}>
    ${renderStackedBar('cost-bar', 'Cost by kind of token', segments, false)}
    <table class="kv cost-table"><tbody>
      ${rows.map((k) => html`<tr data-bucket=${k} data-tokens=${b.buckets[k].tokens} data-usd=${b.buckets[k].usd ?? ''}>
        <th><span class="swatch seg-${k}"></span>${BUCKET_LABELS[k]}</th>
        <td class="num">${formatTokens(b.buckets[k].tokens)}</td>
        <td class="num">${formatUsd(b.buckets[k].usd)}${b.buckets[k].reported ? html` <span class="badge info" title="Reported by the producer">reported</span>` : nothing}</td>
      </tr>`)}
      <tr class="cost-total"><th>Total</th><td class="num">${formatTokens(BUCKET_ORDER.reduce((s, k) => s + b.buckets[k].tokens, 0))}</td>
        <td class="num">${formatUsd(b.totalUsd)}${b.reportedCalls > 0 ? html` <span class="badge info reported-total" title="The producer reported this cost; it wins over the price table">reported</span>` : nothing}</td></tr>
    </tbody></table>
    ${sourceNote(b, pricesAsOf)}
  </div>`;
}

export function renderByModel(u: UsageBreakdown): TemplateResult | typeof nothing {
  if (u.byModel.length < 2) return nothing;
  return html`<table class="kv by-model"><thead><tr><th>Model</th><th class="num">Tokens</th><th class="num">Cost</th></tr></thead><tbody>
    ${u.byModel.map((m) => html`<tr data-model=${m.model}><th>${m.model}</th>
      <td class="num">${formatTokens(BUCKET_ORDER.reduce((s, k) => s + m.breakdown.buckets[k].tokens, 0))}</td>
      <td class="num">${formatUsd(m.breakdown.totalUsd)}</td></tr>`)}
  </tbody></table>`;
}

export function renderSpanTiming(t: SpanTiming): TemplateResult {
  return html`<table class="kv span-timing"><tbody>
    <tr data-timing="ttft"><th>Time to first token</th><td>${t.ttftMs === null
      ? html`<span class="muted">not recorded</span>` : html`${formatDuration(t.ttftMs)} <span class="muted">(${t.ttftSource})</span>`}</td></tr>
    <tr data-timing="generation"><th>Generation</th><td>${formatDuration(t.generationMs)}${t.ttftMs === null ? html` <span class="muted">(whole call)</span>` : nothing}</td></tr>
    ${t.outputTokensPerSecond !== null ? html`<tr data-timing="tps"><th>Output tokens/s</th><td>${t.outputTokensPerSecond.toFixed(1)}${t.tokensPerSecondSource === 'producer' ? html` <span class="muted">(reported)</span>` : nothing}</td></tr>` : nothing}
  </tbody></table>`;
}
