// The Prompts view: per prompt name, a scorecard row per version (runs, contract pass rate, evaluation scores,
// error rate, tokens and cost per run, p50/p95 latency, first/last seen). Pick two versions to compare them side
// by side. Prompt names and labels come from spans (untrusted): rendered as text only.
import { html, nothing, type TemplateResult } from 'lit';
import type { CohortComparison, PromptScorecard, VersionScorecard } from '../../src/core/quality';
import type { PromptScorecardsResult } from '../../src/protocol/messages';
import { formatClock, formatCost, formatDuration, formatTokens } from '../model/format';
import {
  confidenceText, diffTone, evaluationsText, metricDiff, metricValue, percent, runsLabel, versionKey, versionLabel, type VersionKey,
} from '../model/prompts';
import type { ColumnSpec } from '../model/columns';
import { fitColumns } from './fitColumns';

export interface PromptsViewProps {
  result: PromptScorecardsResult | null;
  error: string | null;
  focus: { promptName: string; version: string | null | undefined } | null;
  picked: readonly VersionKey[];
  comparison: CohortComparison | null;
  comparisonError: string | null;
  onBack(): void;
  onPick(promptName: string, version: string | null): void;
  onCompare(): void;
  onCloseComparison(): void;
  onOpenTrace(traceId: string): void;
}

/**
 * The scorecard's columns by how long they stay in a narrow pane: version, runs, the "Latest run" button and
 * the pass rate last; first and last seen go first. Widths are what each needs with its padding (px); a table
 * still wider than its pane scrolls sideways in its box.
 */
export const PROMPT_COLUMNS: readonly ColumnSpec[] = [
  { key: 'version', width: 70, drop: 0 },
  { key: 'runs', width: 48, drop: 0 },
  { key: 'pass', width: 52, drop: 2 },
  { key: 'scores', width: 120, drop: 5 },
  { key: 'errors', width: 60, drop: 4 },
  { key: 'tokens', width: 80, drop: 8 },
  { key: 'cost', width: 80, drop: 6 },
  { key: 'latency', width: 120, drop: 7 },
  { key: 'seen', width: 180, drop: 9 },
  { key: 'latest', width: 100, drop: 1 },
];
const COLUMN_TITLES: Record<string, string> = {
  version: 'version', runs: 'runs', pass: 'pass', scores: 'scores', errors: 'errors', tokens: 'tokens/run',
  cost: 'cost/run', latency: 'p50 / p95', seen: 'first – last seen', latest: '',
};

/** Under a table that lost columns: which, in the table's order. */
function droppedNote(dropped: readonly string[]): string {
  const names = PROMPT_COLUMNS.filter((c) => dropped.includes(c.key)).map((c) => COLUMN_TITLES[c.key] || c.key);
  return `Widen the panel for: ${names.join(', ')}`;
}

function versionRow(card: PromptScorecard, v: VersionScorecard, p: PromptsViewProps): TemplateResult {
  const key = versionKey(card.promptName, v.promptVersion);
  const picked = p.picked.includes(key);
  const focused = p.focus?.promptName === card.promptName && p.focus.version !== undefined && p.focus.version === v.promptVersion;
  return html`<tr class="prompt-version ${picked ? 'picked' : ''} ${focused ? 'focused' : ''}" data-version=${v.promptVersion ?? ''}
      @click=${() => p.onPick(card.promptName, v.promptVersion)} title="Click two versions to compare them">
    <td class="col-version"><span class="codicon codicon-${picked ? 'pass-filled' : 'circle-large-outline'}" aria-label=${picked ? 'picked for comparison' : 'not picked'}></span> ${versionLabel(v.promptVersion)}</td>
    <td class="num col-runs">${v.runs}</td>
    <td class="num col-pass" title=${`${v.passedRuns} of ${v.checkedRuns} checked runs passed`}>${percent(v.passRate)}</td>
    <td class="col-scores">${evaluationsText(v)}</td>
    <td class="num col-errors">${percent(v.errorRate)}</td>
    <td class="num col-tokens">${formatTokens(v.meanTokens)}</td>
    <td class="num col-cost">${formatCost(v.meanCostUsd) || '—'}</td>
    <td class="num col-latency">${formatDuration(v.p50DurationMs)} / ${formatDuration(v.p95DurationMs)}</td>
    <td class="muted col-seen">${formatClock(v.firstSeenUnixNano)} – ${formatClock(v.lastSeenUnixNano)}</td>
    <td class="col-latest">${v.traceIds[0] ? html`<vscode-button secondary class="latest-run" @click=${(e: Event) => { e.stopPropagation(); p.onOpenTrace(v.traceIds[0]!); }}>Latest run</vscode-button>` : nothing}</td>
  </tr>`;
}

function promptCard(card: PromptScorecard, p: PromptsViewProps): TemplateResult {
  return html`<section class="prompt-card" data-prompt=${card.promptName}>
    <h3 class="prompt-name">${card.promptName} <span class="muted">· ${card.runs} ${card.runs === 1 ? 'run' : 'runs'}</span></h3>
    <div class="table-scroll" ${fitColumns(PROMPT_COLUMNS, { note: droppedNote })}>
      <table class="prompt-versions">
        <thead><tr>${PROMPT_COLUMNS.map((c) => html`<th class="col-${c.key}">${COLUMN_TITLES[c.key]}</th>`)}</tr></thead>
        <tbody>${card.versions.map((v) => versionRow(card, v, p))}</tbody>
      </table>
    </div>
  </section>`;
}

function comparisonView(c: CohortComparison, p: PromptsViewProps): TemplateResult {
  return html`<section class="cohort-comparison">
    <div class="toolbar">
      <vscode-toolbar-button icon="arrow-left" label="Back to the scorecards" title="Back to the scorecards" @click=${p.onCloseComparison}></vscode-toolbar-button>
      <span class="trace-title">${c.a.promptName}: ${versionLabel(c.a.promptVersion)} → ${versionLabel(c.b.promptVersion)}</span>
    </div>
    <div class="table-scroll"><table class="cohort-metrics">
      <thead><tr><th>metric</th><th>A ${versionLabel(c.a.promptVersion)} (${runsLabel(c.a.runs)})</th><th>B ${versionLabel(c.b.promptVersion)} (${runsLabel(c.b.runs)})</th><th>B − A</th><th></th></tr></thead>
      <tbody>${c.metrics.map((m) => html`<tr class="cohort-metric" data-metric=${m.metric}>
        <td>${m.metric}</td>
        <td class="num">${metricValue(m, m.a)}</td>
        <td class="num">${metricValue(m, m.b)}</td>
        <td class="num diff ${diffTone(m) ?? ''}">${metricDiff(m)}</td>
        <td class="muted">${confidenceText(m)}</td>
      </tr>`)}</tbody>
    </table></div>
  </section>`;
}

export function renderPromptsView(p: PromptsViewProps): TemplateResult {
  if (p.comparison) return html`<div class="prompts-view">${comparisonView(p.comparison, p)}</div>`;
  const r = p.result;
  const cards = r?.cards ?? [];
  return html`<div class="prompts-view">
    <div class="toolbar">
      <vscode-toolbar-button icon="arrow-left" label="Back to traces" title="Back to traces" class="back" @click=${p.onBack}></vscode-toolbar-button>
      <span class="trace-title">Prompts</span>
      <span class="spacer"></span>
      <vscode-button class="compare-versions" ?disabled=${p.picked.length !== 2} @click=${p.onCompare}>Compare ${p.picked.length}/2 versions</vscode-button>
    </div>
    ${p.error ? html`<div class="error-text">${p.error}</div>` : nothing}
    ${p.comparisonError ? html`<div class="error-text">${p.comparisonError}</div>` : nothing}
    ${!r && !p.error ? html`<div class="muted empty">Loading prompt scorecards…</div>` : nothing}
    ${r && cards.length === 0 ? html`<div class="muted empty">No span named a prompt yet. Prompt names and versions come from gen_ai.prompt.*, llm.prompt_template.*, traceloop.prompt.*, langfuse prompt attributes and AI SDK metadata.</div>` : nothing}
    ${r && r.truncated ? html`<div class="muted">Computed from the newest ${r.runsRead} prompt runs.</div>` : nothing}
    <div class="prompt-cards">${cards.map((c) => promptCard(c, p))}</div>
  </div>`;
}
