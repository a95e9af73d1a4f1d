// A coding agent's session in figures, above its transcript: agent and version, model calls, tokens by kind, cost
// (reported by the agent or priced here), tools with their decisions, and the agent's own metrics. Text only.
import { html, nothing, type TemplateResult } from 'lit';
import type { CodingSessionSummary } from '../../src/protocol/messages';
import { formatCost, formatTokens } from '../model/format';

const AGENT_ICONS: Record<string, string> = {
  'claude-code': 'sparkle', codex: 'terminal', 'gemini-cli': 'star-full', copilot: 'copilot',
};

export function agentIcon(agent: string | undefined): TemplateResult | typeof nothing {
  if (!agent) return nothing;
  return html`<span class="codicon codicon-${AGENT_ICONS[agent] ?? 'hubot'} agent-icon" title=${agent}></span>`;
}

const COST_SOURCE: Record<CodingSessionSummary['costSource'], string> = {
  reported: 'reported by the agent', priced: 'priced from the models', mixed: 'partly reported, partly priced', none: '',
};

const FIGURE_LABELS: Record<string, string> = {
  active_time_s: 'active time (s)', 'lines.added': 'lines added', 'lines.removed': 'lines removed', commits: 'commits',
  pull_requests: 'pull requests', 'edit_decisions.accept': 'edits accepted', 'edit_decisions.reject': 'edits rejected',
};

export function renderCodingSummary(c: CodingSessionSummary): TemplateResult {
  const t = c.tokens;
  const figures = Object.entries(c.figures).filter(([k]) => FIGURE_LABELS[k] !== undefined);
  return html`<section class="coding-summary" data-agent=${c.agent}>
    <div class="coding-agent">${agentIcon(c.agent)} <strong>${c.agentLabel}</strong>
      ${c.agentVersion ? html`<span class="muted">${c.agentVersion}</span>` : nothing}</div>
    <div class="coding-figures">
      <span>${c.modelCalls} model call${c.modelCalls === 1 ? '' : 's'}</span>
      <span title="input includes cache reads and writes">${formatTokens(t.input)} in (cache read ${formatTokens(t.cacheRead)}, write ${formatTokens(t.cacheWrite)})</span>
      <span title="output includes reasoning">${formatTokens(t.output)} out${t.reasoning ? ` (reasoning ${formatTokens(t.reasoning)})` : ''}</span>
      ${c.costUsd ? html`<span class="coding-cost">${formatCost(c.costUsd)} <span class="muted">${COST_SOURCE[c.costSource]}</span></span>` : nothing}
      ${c.failedTools ? html`<span class="error-text">${c.failedTools} failed tool call${c.failedTools === 1 ? '' : 's'}</span>` : nothing}
      ${figures.map(([k, v]) => html`<span class="coding-figure">${FIGURE_LABELS[k]}: ${Number(v.toFixed(1))}</span>`)}
    </div>
    ${c.tools.length ? html`<ul class="coding-tools">${c.tools.map((tool) => {
      const by = Object.entries(tool.decidedBy).map(([who, n]) => `${who} ${n}`).join(', ');
      // One line per tool that wraps between its figures: it stays readable in a 300 px side bar.
      return html`<li class="coding-tool" data-tool=${tool.name}>
        <span class="codicon codicon-tools"></span> <strong class="name" title=${tool.name}>${tool.name}</strong>
        <span>${tool.calls} call${tool.calls === 1 ? '' : 's'}</span>
        <span class=${tool.failed ? 'error-text' : 'muted'}>${tool.failed} failed</span>
        <span>${tool.accepted} accepted</span><span>${tool.rejected} rejected</span>
        ${by ? html`<span class="muted">decided by ${by}</span>` : nothing}</li>`;
    })}</ul>` : nothing}
  </section>`;
}
