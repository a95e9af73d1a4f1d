// The trace list: filter bar, quick filters, optional workload scorecards, virtualized rows.
import { html, nothing, type TemplateResult } from 'lit';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { HostSnapshot, TraceRow } from '../../src/protocol/messages';
import type { ListFilterState } from '../model/filter';
import { countLabel, formatClock, formatCost, formatCount, formatDuration, formatTokens } from '../model/format';
import type { WorkloadRollup } from '../model/listRollups';
import type { Range } from '../model/virtual';
import { renderVirtualRows } from './virtual';

export const LIST_ROW_HEIGHT = 40;

export interface ListViewProps {
  snapshot: HostSnapshot | null;
  rows: readonly TraceRow[];
  loading: boolean;
  error: string | null;
  filter: ListFilterState;
  facets: { workloads: string[]; models: string[]; services: string[] };
  groupByWorkload: boolean;
  scorecards: WorkloadRollup[];
  /** What the scorecards are computed from, when that is not every matching trace. */
  scorecardScope: string | null;
  /** "Showing N of M traces". */
  shown: string;
  /** Older traces match beyond the loaded ones. */
  hasOlder: boolean;
  olderLoading: boolean;
  range: Range;
  onLoadOlder(): void;
  onFilter(patch: Partial<ListFilterState>): void;
  onToggleGroup(): void;
  /** The "Remote" source: search Tempo / Jaeger (the host asks what and where). */
  onSearchRemote?(): void;
  onOpen(traceId: string): void;
  /** The row's "Open in Editor" action (and a double-click on the row). */
  onOpenInEditor(traceId: string): void;
  /** The row's "Save as Regression Fixture" action. */
  onSaveFixture?(traceId: string): void;
  onScroll(e: Event): void;
  /** Open the Prompts view (prompt-version scorecards). */
  onShowPrompts?(): void;
  /** The content search's results, shown instead of the traces while "in span content" has text. */
  contentResults: TemplateResult | null;
  /** Switch the list to sessions (conversations / users). */
  onShowSessions?(): void;
  /** The picked workload's cost breakdown (grouped by workload). */
  workloadMoney?: unknown;
  /** The Restricted Mode line's action: VS Code's Manage Workspace Trust. */
  onManageTrust?(): void;
}

/** A quick-filter menu: the first option ("…: all") clears the filter; the current value stays listed even when no loaded trace has it. */
function facetSelect(label: string, value: string | null, options: string[], onChange: (v: string | null) => void): TemplateResult {
  const values = value !== null && !options.includes(value) ? [value, ...options] : options;
  return html`<vscode-single-select class="facet" data-facet=${label.toLowerCase()} label=${label} title=${label}
      @change=${(e: Event) => onChange((e.target as VscodeSingleSelect).value || null)}>
    <vscode-option .value=${''} ?selected=${value === null}>${label}: all</vscode-option>
    ${values.map((o) => html`<vscode-option .value=${o} ?selected=${o === value}>${o}</vscode-option>`)}
  </vscode-single-select>`;
}

function receiverLine(s: HostSnapshot | null): TemplateResult {
  if (!s) return html`<span class="muted">Connecting…</span>`;
  const r = s.receiver;
  const icon = r.state === 'listening' ? 'radio-tower' : r.state === 'error' ? 'error'
    : r.state === 'follower' ? 'eye' : 'circle-slash';
  const text =
    r.state === 'listening' ? `OTLP ${r.httpEndpoint ?? ''}${r.grpcEndpoint ? ` · gRPC ${r.grpcEndpoint}` : ''}`
      : r.state === 'error' ? `Receiver error: ${r.error ?? 'unknown'}`
      : r.state === 'follower' ? 'Read-only: another window receives these traces'
      : `Receiver ${r.state}`;
  return html`<span class="receiver-line ${r.state}" title=${text}><span class="codicon codicon-${icon}"></span> ${text}</span>
    <span class="muted stats">${countLabel(s.stats.traces, 'trace')} · ${countLabel(s.stats.spans, 'span')}${s.stats.errorSpans ? html` · <span class="error-text">${countLabel(s.stats.errorSpans, 'error')}</span>` : nothing}${s.stats.redactions ? html` · <span class="redactions" title="Values redacted at ingest">${countLabel(s.stats.redactions, 'redaction')}</span>` : nothing}</span>`;
}

/** In a workspace not yet trusted: what works and what waits, with the way to trust it. */
function restrictedModeLine(p: ListViewProps): TemplateResult | typeof nothing {
  const line = p.snapshot?.restrictedMode;
  if (!line) return nothing;
  return html`<div class="restricted-mode" role="note"><span class="codicon codicon-shield"></span> ${line}
    ${p.onManageTrust ? html`<a href="#" class="manage-trust" role="button"
      @click=${(e: Event) => { e.preventDefault(); p.onManageTrust!(); }}>Manage Workspace Trust</a>` : nothing}</div>`;
}

/** Why a trace is marked in progress: its name is a child's until the root span arrives. */
export const ROOT_PENDING_TOOLTIP = 'In progress: the root span has not arrived yet, so the trace is listed under its earliest span '
  + 'whose parent is missing (it updates when the root arrives; a root that is never exported keeps this mark).';

function rootTitle(t: TraceRow): string {
  const name = t.rootName ?? '(no root span)';
  return t.rootPending ? `${name} (root span not arrived yet)` : name;
}

function traceRow(t: TraceRow, p: ListViewProps): TemplateResult {
  const tokens = t.inputTokens + t.outputTokens;
  const openInEditor = (e: Event): void => {
    e.stopPropagation();
    p.onOpenInEditor(t.traceId);
  };
  return html`<div class="trace-row ${t.errorCount > 0 ? 'has-error' : ''} ${t.rootPending ? 'root-pending' : ''}" role="listitem" tabindex="0"
      data-trace-id=${t.traceId}
      @click=${(e: MouseEvent) => { if (e.detail >= 2) openInEditor(e); else p.onOpen(t.traceId); }}
      @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') p.onOpen(t.traceId); }}>
    <vscode-toolbar-button class="open-in-editor row-action" icon="link-external" label="Open in Editor" title="Open in Editor"
      @click=${openInEditor}></vscode-toolbar-button>
    ${p.onSaveFixture ? html`<vscode-toolbar-button class="save-fixture row-action" icon="beaker" label="Save as Regression Fixture" title="Save as Regression Fixture"
      @click=${(e: Event) => { e.stopPropagation(); p.onSaveFixture!(t.traceId); }}></vscode-toolbar-button>` : nothing}
    <div class="line1">
      ${t.errorCount > 0 ? html`<span class="codicon codicon-error error-text" title=${countLabel(t.errorCount, 'error span')}></span>` : nothing}
      ${t.rootPending ? html`<span class="codicon codicon-watch in-progress" title=${ROOT_PENDING_TOOLTIP} aria-label="in progress"></span>` : nothing}
      <span class="root-name" title=${rootTitle(t)}>${t.rootName ?? '(no root span)'}</span>
      ${(t.badges ?? []).map((b) => html`<span class="badge ${b.severity}" title=${b.tooltip || b.text}>${b.text}</span>`)}
      ${t.redactions ? html`<span class="redactions muted" title=${`${countLabel(t.redactions, 'value')} redacted at ingest`}>
        <span class="codicon codicon-shield"></span> ${t.redactions}</span>` : nothing}
      <span class="spacer"></span>
      <span class="duration">${formatDuration(t.durationMs)}</span>
    </div>
    <div class="line2 muted">
      <span>${formatClock(t.startTimeUnixNano)}</span>
      ${t.service ? html`<span class="service">${t.service}</span>` : nothing}
      ${t.workloadId ? html`<span class="workload">${t.workloadId}</span>` : nothing}
      <span class="spacer"></span>
      <span title="spans">${t.spanCount} sp</span>
      ${tokens ? html`<span title=${`${t.inputTokens} in / ${t.outputTokens} out tokens`}>${formatTokens(tokens)} tok</span>` : nothing}
      ${t.costUsd ? html`<span>${formatCost(t.costUsd)}</span>` : nothing}
    </div>
  </div>`;
}

/** Scrolls sideways inside its own box when the panel is too narrow for every column. */
function scorecardTable(cards: WorkloadRollup[], onPick: (w: string | null) => void): TemplateResult {
  return html`<div class="scorecards-box"><table class="scorecards">
    <thead><tr><th>Workload</th><th>Traces</th><th>Errors</th><th>p95</th><th>Tokens</th><th>Cost</th></tr></thead>
    <tbody>${cards.map((c) => html`<tr class="scorecard" @click=${() => onPick(c.workloadId)} title="Filter to this workload">
      <td><span class="workload-name" title=${c.workloadId ?? nothing}>${c.workloadId ?? '(none)'}</span></td>
      <td>${formatCount(c.traces)}</td>
      <td class=${c.errorTraces ? 'error-text' : ''}>${(c.errorRate * 100).toFixed(0)}%</td>
      <td>${formatDuration(c.p95DurationMs)}</td>
      <td>${formatTokens(c.inputTokens + c.outputTokens)}</td>
      <td>${formatCost(c.costUsd)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

export function renderListView(p: ListViewProps): TemplateResult {
  const f = p.filter;
  return html`<section class="list-view">
    <header class="list-header">
      <div class="status">${receiverLine(p.snapshot)}</div>
      ${restrictedModeLine(p)}
      <div class="filter-bar">
        <vscode-textfield class="filter-box"
          placeholder=${f.inContent ? 'Search span content' : 'Filter traces'}
          title=${f.inContent ? 'Search span content: prompts, messages, tool calls and attributes' : 'Filter traces by name, service, workload or trace id'}
          .value=${f.text} @input=${(e: Event) => p.onFilter({ text: (e.target as HTMLInputElement).value })}>
          <span slot="content-before" class="codicon codicon-${f.inContent ? 'search' : 'filter'}"></span>
          <vscode-toolbar-button slot="content-after" icon="file-text" label="In span content" title="In span content: search prompts, messages, tool calls and attributes"
            toggleable .checked=${!!f.inContent} class="in-content" @click=${() => p.onFilter({ inContent: !f.inContent })}></vscode-toolbar-button>
        </vscode-textfield>
        <vscode-toolbar-button icon="error" label="Errors only" title="Errors only" toggleable
          .checked=${f.errorsOnly} class="errors-only" @click=${() => p.onFilter({ errorsOnly: !f.errorsOnly })}></vscode-toolbar-button>
        <vscode-toolbar-button icon="checklist" label="Contract violations only" title="Contract violations only" toggleable
          .checked=${!!f.violationsOnly} class="violations-only" @click=${() => p.onFilter({ violationsOnly: !f.violationsOnly })}></vscode-toolbar-button>
        <vscode-toolbar-button icon="eye" label="Agent internals" title="Also list coding agents' bookkeeping traces (Codex start-up, Gemini CLI's per-call traces)"
          toggleable .checked=${!!f.internals} class="show-internals" @click=${() => p.onFilter({ internals: !f.internals })}></vscode-toolbar-button>
        ${p.onShowSessions ? html`<vscode-toolbar-button icon="comment-discussion" label="Sessions" title="Sessions: traces grouped by conversation or user"
          class="show-sessions" @click=${p.onShowSessions}></vscode-toolbar-button>` : nothing}
        <vscode-toolbar-button icon="group-by-ref-type" label="Group by workload" title="Group by workload" toggleable
          .checked=${p.groupByWorkload} class="group-by-workload" @click=${p.onToggleGroup}></vscode-toolbar-button>
        ${p.onShowPrompts ? html`<vscode-toolbar-button icon="note" label="Prompts" title="Prompts: scorecards per prompt version" class="show-prompts" @click=${p.onShowPrompts}></vscode-toolbar-button>` : nothing}
        ${p.onSearchRemote ? html`<vscode-toolbar-button icon="cloud" label="Remote traces" title="Remote: search Tempo or Jaeger and open a trace here"
          class="search-remote" @click=${p.onSearchRemote}></vscode-toolbar-button>` : nothing}
      </div>
      <div class="quick-filters">
        ${facetSelect('Workload', f.workloadId, p.facets.workloads, (v) => p.onFilter({ workloadId: v }))}
        ${facetSelect('Model', f.model, p.facets.models, (v) => p.onFilter({ model: v }))}
        ${facetSelect('Service', f.service, p.facets.services, (v) => p.onFilter({ service: v }))}
      </div>
      ${p.groupByWorkload && p.scorecards.length > 0 ? scorecardTable(p.scorecards, (w) => p.onFilter({ workloadId: w })) : nothing}
      ${p.groupByWorkload && p.scorecards.length > 0 && p.scorecardScope ? html`<div class="scorecard-scope muted">${p.scorecardScope}</div>` : nothing}
      ${p.workloadMoney ?? nothing}
      ${p.error ? html`<div class="error-text">${p.error}</div>` : nothing}
    </header>
    ${p.contentResults
      ? html`<div class="content-results scroller" role="list">${p.contentResults}</div>`
      : html`<div class="trace-list scroller" role="list" @scroll=${p.onScroll}>
      ${p.rows.length === 0
        ? html`<div class="empty muted">${p.loading ? 'Loading…' : emptyText(p)}</div>`
        : html`${renderVirtualRows(p.rows, p.range, LIST_ROW_HEIGHT, (t) => t.traceId, (t) => traceRow(t, p))}${listFooter(p)}`}
    </div>`}
  </section>`;
}

/** Below the last row: how many traces are loaded, and the button for the next older page. */
function listFooter(p: ListViewProps): TemplateResult {
  return html`<div class="list-footer">
    <span class="muted shown-count">${p.shown}</span>
    ${p.hasOlder ? html`<vscode-button secondary class="load-older" ?disabled=${p.olderLoading} @click=${p.onLoadOlder}>
      ${p.olderLoading ? 'Loading older traces…' : 'Load older traces'}</vscode-button>` : nothing}
  </div>`;
}

function emptyText(p: ListViewProps): string {
  const f = p.filter;
  if (f.violationsOnly && !(f.text || f.errorsOnly || f.workloadId || f.model || f.service)) return 'No trace violates a span contract.';
  if (f.text || f.errorsOnly || f.workloadId || f.model || f.service || f.violationsOnly) return 'No traces match the filter.';
  const ep = p.snapshot?.receiver.httpEndpoint;
  return ep
    ? `No traces yet. Point an OpenTelemetry exporter at ${ep} (terminals opened in VS Code already are).`
    : 'No traces yet.';
}
