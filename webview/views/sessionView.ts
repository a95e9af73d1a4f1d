// Sessions: the list of conversations (or users) and one session read as a transcript, turn by turn.
// Every piece of span content is bound as text (Lit escapes it): never HTML.
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionKey } from '../../src/core/model/store-types';
import type { TranscriptText } from '../../src/core/insights/transcript';
import type { SessionDetail, SessionRow, SessionTurn } from '../../src/protocol/messages';
import { renderStackedBar } from '../components/stackedBar';
import { costSegments } from '../model/costBar';
import { countLabel, formatClock, formatCost, formatDuration, formatTokens } from '../model/format';
import { diffNsToMs } from '../model/time';
import { renderByModel, renderCostBreakdown } from './costView';
import { agentIcon, renderCodingSummary } from './codingSessionView';

export interface SessionListProps {
  by: SessionKey;
  text: string;
  rows: readonly SessionRow[] | null;
  loading: boolean;
  error: string | null;
  onBy(by: SessionKey): void;
  onText(text: string): void;
  onOpen(row: SessionRow): void;
  onShowTraces(): void;
}

function sessionRow(s: SessionRow, onOpen: (row: SessionRow) => void): TemplateResult {
  const tokens = s.inputTokens + s.outputTokens;
  const span = diffNsToMs(s.endTimeUnixNano, s.startTimeUnixNano);
  return html`<div class="session-row trace-row ${s.errorTurns > 0 ? 'has-error' : ''}" role="listitem" tabindex="0"
      data-session-id=${s.sessionId} @click=${() => onOpen(s)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') onOpen(s); }}>
    <div class="line1">
      ${s.errorTurns > 0 ? html`<span class="codicon codicon-error error-text" title=${countLabel(s.errorCount, 'error span')}></span>` : nothing}
      ${agentIcon(s.agent)}
      <span class="root-name session-id" title=${s.sessionId}>${s.sessionId}</span>
      ${s.contractFailures ? html`<span class="badge error contract-failures" title="Turns that break a span contract">${countLabel(s.contractFailures, 'rule failure')}</span>` : nothing}
      <span class="spacer"></span>
      <span class="turns">${countLabel(s.turns, 'turn')}</span>
    </div>
    <div class="line2 muted">
      <span title="first turn">${formatClock(s.startTimeUnixNano)}</span>
      <span title="last activity">→ ${formatClock(s.endTimeUnixNano)}</span>
      <span title="from the first turn's start to the last turn's end">${formatDuration(span)}</span>
      <span class="spacer"></span>
      ${tokens ? html`<span title=${`${s.inputTokens} in / ${s.outputTokens} out tokens`}>${formatTokens(tokens)} tok</span>` : nothing}
      ${s.costUsd ? html`<span class="session-cost">${formatCost(s.costUsd)}</span>` : nothing}
      ${s.errorTurns ? html`<span class="error-text">${countLabel(s.errorTurns, 'failed turn')}</span>` : nothing}
    </div>
  </div>`;
}

export function renderSessionList(p: SessionListProps): TemplateResult {
  return html`<section class="list-view sessions-view">
    <header class="list-header">
      <div class="filter-bar">
        <vscode-toolbar-button icon="list-flat" label="Traces" title="Show traces" class="show-traces" @click=${p.onShowTraces}></vscode-toolbar-button>
        <vscode-textfield class="filter-box session-filter" placeholder=${p.by === 'user' ? 'Filter users' : 'Filter sessions'}
          .value=${p.text} @input=${(e: Event) => p.onText((e.target as HTMLInputElement).value)}>
          <span slot="content-before" class="codicon codicon-filter"></span>
        </vscode-textfield>
        <vscode-single-select class="session-by" title="Group traces by"
            @change=${(e: Event) => p.onBy(((e.target as HTMLSelectElement).value as SessionKey) || 'conversation')}>
          <vscode-option .value=${'conversation'} ?selected=${p.by === 'conversation'}>By conversation</vscode-option>
          <vscode-option .value=${'user'} ?selected=${p.by === 'user'}>By user</vscode-option>
        </vscode-single-select>
      </div>
      ${p.error ? html`<div class="error-text">${p.error}</div>` : nothing}
    </header>
    <div class="session-list scroller" role="list">
      ${!p.rows || p.rows.length === 0
        ? html`<div class="empty muted">${p.loading || !p.rows ? 'Loading…' : emptyText(p)}</div>`
        : p.rows.map((s) => sessionRow(s, p.onOpen))}
    </div>
  </section>`;
}

function emptyText(p: SessionListProps): string {
  if (p.text) return 'No session matches the filter.';
  return p.by === 'user'
    ? 'No trace names a user (user.id, enduser.id, langfuse.user.id, Traceloop or AI SDK metadata userId).'
    : 'No trace names a conversation (gen_ai.conversation.id, session.id, langfuse.session.id, Traceloop or AI SDK metadata sessionId).';
}

export interface SessionViewProps {
  by: SessionKey;
  sessionId: string;
  detail: SessionDetail | null;
  error: string | null;
  pricesAsOf: string;
  /** Null where there is nothing to go back to. */
  onBack: (() => void) | null;
  onOpenTrace(traceId: string): void;
}

function textBlock(t: TranscriptText | null, cls: string, label: string): TemplateResult | typeof nothing {
  if (!t) return nothing;
  return html`<div class="turn-message ${cls}"><div class="role">${label}</div>
    <div class="part text">${t.text}${t.truncated ? html`<span class="muted"> … (open the trace for the rest)</span>` : nothing}</div></div>`;
}

function turn(t: SessionTurn, i: number, onOpen: (traceId: string) => void): TemplateResult {
  const r = t.trace;
  const tokens = r.inputTokens + r.outputTokens;
  const failed = r.errorCount > 0;
  const tr = t.transcript;
  return html`<article class="session-turn ${failed ? 'has-error' : ''}" data-trace-id=${r.traceId} data-turn=${i + 1}>
    <header class="turn-head" role="button" tabindex="0" title="Open this turn's trace"
        @click=${() => onOpen(r.traceId)} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Enter') onOpen(r.traceId); }}>
      <strong>Turn ${i + 1}</strong>
      <span class="muted">${formatClock(r.startTimeUnixNano)}</span>
      <span class="root-name">${r.rootName ?? ''}</span>
      ${failed ? html`<span class="badge error turn-status">${countLabel(r.errorCount, 'error')}</span>` : html`<span class="badge info turn-status">ok</span>`}
      ${t.contractFailed ? html`<span class="badge error">contract</span>` : nothing}
      <span class="spacer"></span>
      <span class="turn-latency" title="latency">${formatDuration(r.durationMs)}</span>
      ${tokens ? html`<span class="muted" title=${`${r.inputTokens} in / ${r.outputTokens} out`}>${formatTokens(tokens)} tok</span>` : nothing}
      ${r.costUsd ? html`<span class="turn-cost" data-usd=${r.costUsd}>${formatCost(r.costUsd)}</span>` : nothing}
      <span class="codicon codicon-go-to-file"></span>
    </header>
    ${tr === null ? html`<div class="muted">This turn is too large to read here; open its trace.</div>` : html`
      ${textBlock(tr.userInput, 'role-user', 'User')}
      ${tr.toolCalls.length ? html`<div class="turn-tools">${tr.toolCalls.map((c) => html`<div class="turn-tool ${c.status === 'error' ? 'has-error' : ''}">
        <div class="part-head"><span class="codicon codicon-tools"></span> <strong>${c.name}</strong>
          ${c.durationMs !== null ? html`<span class="muted">${formatDuration(c.durationMs)}</span>` : nothing}
          ${c.status === 'error' ? html`<span class="codicon codicon-error error-text"></span>` : nothing}</div>
        ${c.arguments ? html`<div class="box-label muted">Arguments</div><pre class="json tool-arguments">${c.arguments.text}</pre>` : nothing}
        ${c.result ? html`<div class="box-label muted">Result</div><pre class="json tool-result">${c.result.text}</pre>` : nothing}
      </div>`)}</div>` : nothing}
      ${textBlock(tr.assistantOutput, 'role-assistant', 'Assistant')}
      ${!tr.userInput && !tr.assistantOutput && tr.toolCalls.length === 0 ? html`<div class="muted">No messages recorded in this turn.</div>` : nothing}`}
  </article>`;
}

export function renderSessionView(p: SessionViewProps): TemplateResult {
  const d = p.detail;
  const s = d?.session ?? null;
  return html`<section class="session-view">
    <header class="trace-header">
      <div class="toolbar">
        ${p.onBack ? html`<vscode-toolbar-button icon="arrow-left" label="Back to sessions" title="Back to sessions" class="back" @click=${p.onBack}></vscode-toolbar-button>` : nothing}
        <span class="codicon codicon-${p.by === 'user' ? 'account' : 'comment-discussion'}"></span>
        <span class="trace-title session-title" title=${p.sessionId}>${p.sessionId}</span>
      </div>
      ${s ? html`<div class="trace-meta muted">
        <span>${countLabel(s.turns, 'turn')}</span>
        <span>${formatClock(s.startTimeUnixNano)} → ${formatClock(s.endTimeUnixNano)}</span>
        ${s.inputTokens + s.outputTokens ? html`<span>${formatTokens(s.inputTokens + s.outputTokens)} tokens</span>` : nothing}
        ${s.costUsd ? html`<span>${formatCost(s.costUsd)}</span>` : nothing}
        ${s.errorTurns ? html`<span class="error-text">${countLabel(s.errorTurns, 'failed turn')}</span>` : nothing}
        ${s.contractFailures ? html`<span class="error-text">${countLabel(s.contractFailures, 'contract failure')}</span>` : nothing}
      </div>` : nothing}
      ${d && d.usage.total.calls > 0 ? renderStackedBar('session-cost', 'Session cost by kind of token', costSegments(d.usage.total).segments, false) : nothing}
    </header>
    <div class="session-body scroller">
      ${p.error ? html`<div class="error-text">${p.error}</div>` : !d ? html`<div class="muted empty">Loading session…</div>`
        : !s ? html`<div class="muted empty">This session is gone (its traces were cleared or evicted).</div>` : html`
        ${d.coding ? renderCodingSummary(d.coding) : nothing}
        ${d.omittedTurns > 0 ? html`<div class="muted">${countLabel(d.omittedTurns, 'older turn')} not shown.</div>` : nothing}
        ${d.turns.map((t, i) => turn(t, i + d.omittedTurns, p.onOpenTrace))}
        ${d.usage.total.calls > 0 ? html`<details class="session-money"><summary>Where the money went</summary>
          ${renderCostBreakdown(d.usage.total, p.pricesAsOf, 'session-breakdown')}${renderByModel(d.usage)}</details>` : nothing}`}
    </div>
  </section>`;
}
