// Span details: overview, chat messages, retrieval documents, attributes, events, resource.
import { html, nothing, type TemplateResult } from 'lit';
import type { AttrValue, Attributes, ChatMessage, MessagePart, NormalizedSpan } from '../../src/core/model/types';
import type { PromptStatus } from '../../src/protocol/messages';
import { chatSections } from '../model/chat';
import { countLabel, displayValue, formatCost, formatDuration } from '../model/format';
import { diffNsToMs } from '../model/time';
import { kindIcon } from './icons';

export interface DetailsProps {
  span: NormalizedSpan | null;
  loading: boolean;
  tab: number;
  attrSearch: string;
  traceStartNs: string;
  onTab(index: number): void;
  onAttrSearch(text: string): void;
  onCopy(text: string): void;
  onOpenSource(): void;
  onOpenPrompt(): void;
  onDiffPrompt(): void;
  /** "Replay…" (model calls): the span's Replay tab. */
  onReplay?(): void;
  /** The host's view of the span's prompt (null while it loads or when the span names none). */
  promptStatus: PromptStatus | null;
  /** Shown in the overview after the span's fields (its cost and timing). */
  overviewExtra?: unknown;
}

/** Characters of a recorded prompt template shown before "show more". */
const TEMPLATE_EXCERPT = 600;

const text = (value: string, limit = 2000): TemplateResult => html`<atl-text .limit=${limit} .value=${value}></atl-text>`;

function kv(label: string, value: unknown): TemplateResult | typeof nothing {
  if (value === null || value === undefined || value === '') return nothing;
  return html`<tr><th>${label}</th><td>${typeof value === 'string' ? text(value, 500) : displayValue(value)}</td></tr>`;
}

function tokensLine(s: NormalizedSpan): string | null {
  const parts: string[] = [];
  if (s.inputTokens !== null) parts.push(`${s.inputTokens} in`);
  if (s.outputTokens !== null) parts.push(`${s.outputTokens} out`);
  if (s.cacheReadTokens !== null) parts.push(`${s.cacheReadTokens} cached`);
  if (s.cacheWriteTokens !== null) parts.push(`${s.cacheWriteTokens} cache write`);
  if (s.reasoningTokens !== null) parts.push(`${s.reasoningTokens} reasoning`);
  if (parts.length === 0 && s.totalTokens !== null) parts.push(`${s.totalTokens} total`);
  return parts.length ? parts.join(' · ') : null;
}

/** Where "Open source" will go: the recorded location, a stack frame, or a search for the span's name. */
function sourceHint(s: NormalizedSpan): string {
  if (s.code?.filePath) return `${s.code.filePath}${s.code.line ? `:${s.code.line}` : ''}`;
  if (s.code?.stacktrace || typeof s.attributes['code.stacktrace'] === 'string') return 'The first workspace frame of the recorded stack';
  return `Search the workspace for where "${s.name}" is created`;
}

function promptStatusLine(st: PromptStatus | null): TemplateResult | typeof nothing {
  if (!st) return nothing;
  if (!st.found) return html`<div class="prompt-status muted">No prompt file for it in the workspace.</div>`;
  const notes: TemplateResult[] = [];
  if (st.gap) notes.push(html`<span class="prompt-gap warning-text"><span class="codicon codicon-warning"></span> ${st.gap}</span>`);
  const what = st.templateSource === 'rendered' ? 'the prompt the span sent' : 'the recorded template';
  if (st.template === 'changed') notes.push(html`<span class="warning-text">${what} differs from the file</span>`);
  if (st.template === 'same') notes.push(html`<span class="muted">${what} matches the file</span>`);
  if (!st.gap && st.currentVersion) notes.push(html`<span class="muted">the workspace has this version</span>`);
  return notes.length ? html`<div class="prompt-status">${notes.map((n, i) => html`${i ? html`<span class="muted">·</span>` : nothing}${n}`)}</div>` : nothing;
}

function promptSection(p: DetailsProps, s: NormalizedSpan): TemplateResult | typeof nothing {
  if (!s.promptName && !s.promptTemplate) return nothing;
  const st = p.promptStatus;
  const vars = s.promptVariables ? Object.entries(s.promptVariables) : [];
  return html`<section class="prompt-section">
    <h4><span class="codicon codicon-note"></span> Prompt</h4>
    <div class="prompt-id">
      <strong class="prompt-name">${s.promptName ?? '(unnamed template)'}</strong>
      ${s.promptVersion ? html`<span class="badge prompt-version">${s.promptVersion}</span>` : nothing}
    </div>
    ${promptStatusLine(st)}
    ${s.promptName ? html`<div class="actions">
      <vscode-button secondary class="open-prompt" @click=${p.onOpenPrompt}>
        <span class="codicon codicon-go-to-file"></span> Open prompt</vscode-button>
      ${st?.diffAvailable ? html`<vscode-button secondary class="diff-prompt" @click=${p.onDiffPrompt}>
        <span class="codicon codicon-diff"></span> Diff with current</vscode-button>` : nothing}
    </div>` : nothing}
    ${vars.length ? html`<table class="kv prompt-variables"><tbody>${vars.map(([k, v]) => html`<tr data-key=${k}><th>${k}</th><td>${text(v, 300)}</td></tr>`)}</tbody></table>` : nothing}
    ${s.promptTemplate ? html`<pre class="prompt-template">${text(s.promptTemplate, TEMPLATE_EXCERPT)}</pre>` : nothing}
  </section>`;
}

function overview(p: DetailsProps, s: NormalizedSpan): TemplateResult {
  const model = s.responseModel && s.responseModel !== s.requestModel
    ? `${s.requestModel ?? '?'} → ${s.responseModel}` : s.requestModel ?? s.responseModel;
  return html`<div class="actions">
      ${s.kind === 'llm' && p.onReplay ? html`<vscode-button secondary class="replay-span" @click=${p.onReplay} title="Edit this model call and run it again">
        <span class="codicon codicon-debug-rerun"></span> Replay…</vscode-button>` : nothing}
      <vscode-button secondary class="open-source" @click=${p.onOpenSource} title=${sourceHint(s)}>
        <span class="codicon codicon-go-to-file"></span> Open source</vscode-button>
      <vscode-button secondary @click=${() => p.onCopy(JSON.stringify(s, null, 2))}>
        <span class="codicon codicon-json"></span> Copy span JSON</vscode-button>
    </div>
    ${s.status === 'error' ? html`<div class="error-box"><span class="codicon codicon-error"></span>
      <strong>${s.errorType ?? 'Error'}</strong> ${s.statusMessage ? text(s.statusMessage, 1000) : nothing}</div>` : nothing}
    ${s.redaction ? html`<div class="redaction-box" title="The values were replaced before the span was stored; only the rule names are kept">
      <span class="codicon codicon-shield"></span> Redacted at ingest: ${countLabel(s.redaction.count, 'value')}
      by ${s.redaction.rules.join(', ')}</div>` : nothing}
    <table class="kv overview">
      <tbody>
        ${kv('Kind', s.kind)}
        ${kv('Operation', s.operationName)}
        ${kv('Model', model)}
        ${kv('Provider', s.provider)}
        ${kv('Tokens', tokensLine(s))}
        ${kv('Cost', formatCost(s.costUsd))}
        ${kv('Latency', formatDuration(s.durationMs))}
        ${kv('Status', s.status + (s.statusMessage && s.status !== 'error' ? ` (${s.statusMessage})` : ''))}
        ${kv('Finish', s.finishReasons?.join(', '))}
        ${kv('Tool', s.toolName)}
        ${kv('Tool call id', s.toolCallId)}
        ${kv('Agent', s.agentName)}
        ${kv('Workflow', s.workflowName)}
        ${kv('Workload', s.workloadId)}
        ${kv('Service', s.service)}
        ${kv('Conversation', s.conversationId)}
        ${kv('User', s.userId)}
        ${kv('Code', s.code?.filePath ? `${s.code.filePath}${s.code.line ? `:${s.code.line}` : ''}${s.code.function ? ` (${s.code.function})` : ''}` : null)}
        ${kv('Span id', s.spanId)}
        ${kv('Trace id', s.traceId)}
      </tbody>
    </table>
    ${p.overviewExtra ?? nothing}
    ${promptSection(p, s)}
    ${s.toolArguments !== null ? html`<h4>Tool arguments</h4><pre class="json">${text(displayValue(s.toolArguments), 4000)}</pre>` : nothing}
    ${s.toolResult !== null ? html`<h4>Tool result</h4><pre class="json">${text(displayValue(s.toolResult), 4000)}</pre>` : nothing}`;
}

function part(pt: MessagePart): TemplateResult {
  switch (pt.type) {
    case 'text':
      return html`<div class="part text">${text(pt.content, 4000)}</div>`;
    case 'tool_call':
      return html`<div class="part tool-call"><div class="part-head"><span class="codicon codicon-tools"></span>
        call <strong>${pt.name}</strong>${pt.id ? html` <span class="muted">${pt.id}</span>` : nothing}</div>
        <pre class="json">${text(displayValue(pt.arguments), 4000)}</pre></div>`;
    case 'tool_call_response':
      return html`<div class="part tool-result"><div class="part-head"><span class="codicon codicon-reply"></span>
        result${pt.id ? html` <span class="muted">${pt.id}</span>` : nothing}</div>
        <pre class="json">${text(displayValue(pt.result), 4000)}</pre></div>`;
    default:
      return html`<div class="part other"><pre class="json">${text(displayValue(pt.value), 4000)}</pre></div>`;
  }
}

function message(m: ChatMessage): TemplateResult {
  return html`<div class="message role-${m.role.replace(/[^a-z_-]/gi, '')}">
    <div class="role">${m.role}${m.name ? html` <span class="muted">${m.name}</span>` : nothing}${m.finishReason ? html` <span class="muted">(${m.finishReason})</span>` : nothing}</div>
    ${m.parts.map(part)}
  </div>`;
}

function messages(s: NormalizedSpan): TemplateResult {
  const chat = chatSections(s);
  const hasAny = chat.system || chat.input || chat.output || s.retrievalDocuments || s.promptTemplate;
  if (!hasAny) return html`<div class="muted empty">No messages recorded on this span.</div>`;
  return html`
    ${chat.system ? html`<h4>System instructions</h4><div class="message role-system system-instructions">${chat.system.map(part)}</div>` : nothing}
    ${chat.input ? html`<h4>Input</h4>${chat.input.map(message)}` : nothing}
    ${chat.output ? html`<h4>Output</h4>${chat.output.map(message)}` : nothing}
    ${s.promptTemplate ? html`<h4>Prompt template</h4><pre>${text(s.promptTemplate, 4000)}</pre>` : nothing}
    ${s.promptVariables ? html`<h4>Prompt variables</h4><table class="kv">${Object.entries(s.promptVariables).map(([k, v]) => kv(k, v))}</table>` : nothing}
    ${s.retrievalDocuments ? html`<h4>Documents</h4>${s.retrievalDocuments.map((d, i) => html`<div class="document">
        <div class="part-head">#${i + 1}${d.id ? html` <span>${d.id}</span>` : nothing}${d.score !== null ? html` <span class="muted">score ${d.score}</span>` : nothing}</div>
        ${d.content !== null ? html`<div class="part text">${text(d.content, 2000)}</div>` : nothing}
        ${d.metadata !== null && d.metadata !== undefined ? html`<pre class="json">${text(displayValue(d.metadata), 2000)}</pre>` : nothing}
      </div>`)}` : nothing}`;
}

function attrTable(attrs: Attributes, search: string, onCopy: (t: string) => void): TemplateResult {
  const q = search.trim().toLowerCase();
  const entries = Object.entries(attrs).filter(([k, v]) => !q || k.toLowerCase().includes(q) || displayValue(v).toLowerCase().includes(q));
  if (entries.length === 0) return html`<div class="muted empty">${q ? 'No attribute matches.' : 'No attributes.'}</div>`;
  return html`<table class="kv attributes"><tbody>${entries.map(([k, v]) => html`<tr data-key=${k}>
    <th title=${k}>${k}</th>
    <td>${valueCell(v)}</td>
    <td class="copy"><button class="icon-button" title="Copy value" aria-label="Copy value" @click=${() => onCopy(typeof v === 'string' ? v : displayValue(v))}>
      <span class="codicon codicon-copy"></span></button></td>
  </tr>`)}</tbody></table>`;
}

function valueCell(v: AttrValue): TemplateResult {
  const t = displayValue(v);
  return t.includes('\n') ? html`<pre class="json">${text(t, 2000)}</pre>` : text(t, 500);
}

function events(s: NormalizedSpan, traceStartNs: string): TemplateResult {
  if (s.events.length === 0) return html`<div class="muted empty">No events.</div>`;
  return html`${s.events.map((e) => {
    const isException = e.name === 'exception';
    const stack = e.attributes['exception.stacktrace'];
    const rest = Object.fromEntries(Object.entries(e.attributes).filter(([k]) => k !== 'exception.stacktrace'));
    return html`<div class="event ${isException ? 'exception' : ''}">
      <div class="part-head">${isException ? html`<span class="codicon codicon-error error-text"></span>` : html`<span class="codicon codicon-symbol-event"></span>`}
        <strong>${e.name}</strong> <span class="muted">+${formatDuration(diffNsToMs(e.timeUnixNano, traceStartNs))}</span></div>
      ${Object.keys(rest).length ? html`<table class="kv">${Object.entries(rest).map(([k, v]) => html`<tr><th>${k}</th><td>${valueCell(v)}</td></tr>`)}</table>` : nothing}
      ${typeof stack === 'string' ? html`<pre class="stack">${text(stack, 8000)}</pre>` : nothing}
    </div>`;
  })}`;
}

function resource(s: NormalizedSpan, search: string, onCopy: (t: string) => void): TemplateResult {
  return html`${attrTable(s.resource, search, onCopy)}
    <h4>Scope</h4><table class="kv"><tbody>${kv('Name', s.scope.name)}${kv('Version', s.scope.version)}</tbody></table>`;
}

const TABS = ['Overview', 'Messages', 'Attributes', 'Events', 'Resource'];
const TAB_ICONS = ['info', 'comment-discussion', 'symbol-property', 'symbol-event', 'server-environment'];

function tabBody(p: DetailsProps, s: NormalizedSpan, tab: number): TemplateResult {
  if (tab === 0) return overview(p, s);
  if (tab === 1) return messages(s);
  if (tab === 3) return events(s, p.traceStartNs);
  const search = html`<vscode-textfield class="attr-search" placeholder="Search keys and values" .value=${p.attrSearch}
    @input=${(e: Event) => p.onAttrSearch((e.target as HTMLInputElement).value)}></vscode-textfield>`;
  return html`${search}${tab === 2 ? attrTable(s.attributes, p.attrSearch, p.onCopy) : resource(s, p.attrSearch, p.onCopy)}`;
}

export function renderDetails(p: DetailsProps): TemplateResult {
  const s = p.span;
  if (!s) return html`<div class="details muted empty">${p.loading ? 'Loading span…' : 'Select a span to see its details.'}</div>`;
  const tab = Math.min(Math.max(0, p.tab), TABS.length - 1);
  const counts = [null, (s.inputMessages?.length ?? 0) + (s.outputMessages?.length ?? 0) + (s.retrievalDocuments?.length ?? 0),
    Object.keys(s.attributes).length, s.events.length, Object.keys(s.resource).length];
  // Every tab has a panel (vscode-tabs pairs headers and panels by position), but only the selected one
  // is rendered: a span with a 1 MB attribute must not pay for tabs nobody looks at.
  return html`<section class="details" data-span-id=${s.spanId}>
    <div class="details-title"><span class=${kindIcon(s.kind)}></span> <strong class="span-name">${s.name}</strong></div>
    <vscode-tabs class="detail-tabs" .selectedIndex=${tab}
        @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => p.onTab(e.detail.selectedIndex)}>
      ${TABS.map((name, i) => html`<vscode-tab-header slot="header" data-tab=${name.toLowerCase()} title=${name}
        aria-label=${counts[i] ? `${name} (${counts[i]})` : name}>
        <span slot="content-before" class="tab-icon codicon codicon-${TAB_ICONS[i]}"></span><span class="tab-label">${name}</span>${counts[i]
        ? html`<vscode-badge slot="content-after" variant="counter" class="count">${counts[i]}</vscode-badge>` : nothing}</vscode-tab-header>`)}
      ${TABS.map((name, i) => html`<vscode-tab-panel class="tab-body" data-tab=${name.toLowerCase()}>${i === tab ? tabBody(p, s, i) : nothing}</vscode-tab-panel>`)}
    </vscode-tabs>
  </section>`;
}
