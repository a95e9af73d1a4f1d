// The Replay tab: the recorded call as editable fields (with the marks for what the span did not record), the
// Run / Run ×N / Stop buttons, each run's answer as it streams in, and its comparison with the original.
// Every value from the span or the provider is bound as text, never as HTML.
import { html, nothing, type TemplateResult } from 'lit';
import type { ReplayComparison, RunSpread } from '../../src/core/compare';
import type { ReplayMark, ReplayMessage, ReplayProvider, ReplayToolDefinition } from '../../src/core/replay/types';
import type { ReplayPromptChoice, ReplayRunOutcome, ReplayRunView, ReplaySetup } from '../../src/protocol/messages';
import { formatCost, formatDuration } from '../model/format';
import {
  PARAMETER_FIELDS, PROVIDER_CHOICES, generalMarks, markLabel, marksAt, type ParameterName, type ReplayForm,
} from '../model/replayForm';
import { errorSummary, figureText, type LiveRun, type RunsState } from '../model/replayRuns';

export interface ReplayViewProps {
  setup: ReplaySetup | null;
  loadError: string | null;
  form: ReplayForm | null;
  formErrors: string[];
  runsWanted: number;
  maxRuns: number;
  runs: RunsState;
  running: boolean;
  outcome: ReplayRunOutcome | null;
  runError: string | null;
  /** The prompt file version last put into the fields. */
  prompt: ReplayPromptChoice | null;
  onUsePromptFile(): void;
  onProvider(provider: ReplayProvider): void;
  onModel(model: string): void;
  onSystem(text: string): void;
  onMessage(index: number, text: string): void;
  onParameter(name: ParameterName, text: string): void;
  onRunsWanted(n: number): void;
  onRun(): void;
  onRunMany(): void;
  onCancel(): void;
  onReset(): void;
  onOpenTrace(traceId: string, spanId: string): void;
}

const value = (e: Event): string => (e.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
const count = (n: number | null): string => (n === null ? '—' : String(n));

/** Rows for a text area: its lines, within bounds. */
function rowsFor(text: string, max = 16): number {
  return Math.max(2, Math.min(max, text.split('\n').length + 1));
}

function marks(list: readonly ReplayMark[]): TemplateResult | typeof nothing {
  if (list.length === 0) return nothing;
  return html`<ul class="replay-marks">${list.map((m) => html`<li class="replay-mark mark-${m.kind}" data-kind=${m.kind}>
    <span class="codicon codicon-warning"></span> <strong>${markLabel(m.kind)}</strong>
    <span class="muted">${m.where}:</span> ${m.message}</li>`)}</ul>`;
}

function callSection(p: ReplayViewProps, setup: ReplaySetup, form: ReplayForm): TemplateResult {
  const r = setup.request;
  const endpoint = form.provider ? setup.endpoints[form.provider] : null;
  return html`<section class="replay-call">
    <h3>Call</h3>
    <table class="kv"><tbody>
      <tr><th><label for="replay-provider">API</label></th><td>
        <select id="replay-provider" class="replay-provider" .value=${form.provider} @change=${(e: Event) => p.onProvider(value(e) as ReplayProvider)}>
          ${form.provider === '' ? html`<option value="" selected>(choose)</option>` : nothing}
          ${PROVIDER_CHOICES.map((c) => html`<option value=${c.value} ?selected=${c.value === form.provider}>${c.label}</option>`)}
        </select>
        <span class="muted">recorded: ${r.source.recordedProvider ?? 'none'}</span>
        ${endpoint ? html`<div class="muted replay-endpoint">sends to ${endpoint}</div>` : nothing}
      </td></tr>
      <tr><th><label for="replay-model">Model</label></th><td>
        <input id="replay-model" class="replay-model" type="text" .value=${form.model} @input=${(e: Event) => p.onModel(value(e))}>
      </td></tr>
    </tbody></table>
  </section>`;
}

function parametersSection(p: ReplayViewProps, form: ReplayForm): TemplateResult {
  return html`<section class="replay-parameters">
    <h3>Parameters <span class="muted">(empty: not sent)</span></h3>
    <table class="kv"><tbody>${PARAMETER_FIELDS.map((f) => html`<tr data-parameter=${f.name}>
      <th><label for=${`replay-param-${f.name}`}>${f.label}</label></th>
      <td><input id=${`replay-param-${f.name}`} type="text" placeholder=${f.hint} title=${f.hint} .value=${form.parameters[f.name]}
        @input=${(e: Event) => p.onParameter(f.name, value(e))}></td></tr>`)}</tbody></table>
  </section>`;
}

function toolsSection(tools: ReplayToolDefinition[] | null, all: readonly ReplayMark[]): TemplateResult {
  const body = tools === null
    ? html`<div class="muted">Not recorded by the span.</div>`
    : tools.length === 0 ? html`<div class="muted">None.</div>`
      : tools.map((t) => html`<details class="replay-tool"><summary><code>${t.name}</code> ${t.description ? html`<span class="muted">${t.description}</span>` : nothing}</summary>
        <pre class="replay-text">${t.parameters ? JSON.stringify(t.parameters, null, 2) : '(no parameter schema recorded)'}</pre></details>`);
  return html`<section class="replay-tools"><h3>Tools${tools ? html` <span class="badge">${tools.length}</span>` : nothing}</h3>
    ${body}${marks(all.filter((m) => m.where.startsWith('tools')))}</section>`;
}

function otherParts(m: ReplayMessage): TemplateResult[] {
  return m.content.flatMap((c) => {
    if (c.type === 'tool_call') {
      return [html`<div class="replay-part tool-call"><span class="codicon codicon-tools"></span> call <code>${c.name}</code>
        ${c.id ? html`<span class="muted">${c.id}</span>` : nothing}<pre class="replay-text">${c.arguments}</pre></div>`];
    }
    if (c.type === 'tool_result') {
      return [html`<div class="replay-part tool-result muted">result of ${c.name ?? 'a tool'}${c.id ? ` (${c.id})` : ''}</div>`];
    }
    if (c.type === 'unsupported') return [html`<div class="replay-part muted">${c.description} (shown, not sent)</div>`];
    return [];
  });
}

function messagesSection(p: ReplayViewProps, setup: ReplaySetup, form: ReplayForm): TemplateResult {
  const r = setup.request;
  return html`<section class="replay-messages">
    <h3>System instructions</h3>
    <textarea class="replay-system" aria-label="System instructions" rows=${rowsFor(form.system, 12)} .value=${form.system}
      @input=${(e: Event) => p.onSystem(value(e))}></textarea>
    ${marks(marksAt(r.marks, 'system'))}
    <h3>Messages <span class="badge">${r.messages.length}</span></h3>
    ${r.messages.map((m, i) => html`<div class="replay-message role-${m.role}" data-index=${i}>
      <div class="replay-role">${m.role}${m.name ? html` <span class="muted">${m.name}</span>` : nothing}</div>
      <textarea class="replay-message-text" aria-label=${`Message ${i + 1} (${m.role})`} rows=${rowsFor(form.messages[i] ?? '')}
        .value=${form.messages[i] ?? ''} @input=${(e: Event) => p.onMessage(i, value(e))}></textarea>
      ${otherParts(m)}
      ${marks(marksAt(r.marks, `messages[${i}]`))}
    </div>`)}
  </section>`;
}

function recordedSection(setup: ReplaySetup): TemplateResult {
  const a = setup.answer;
  return html`<section class="replay-recorded">
    <h3>Recorded answer</h3>
    <pre class="replay-text replay-recorded-text">${a.text || '(no answer recorded)'}</pre>
    <div class="muted">finish ${a.finishReason ?? '—'} · ${count(a.inputTokens)} in / ${count(a.outputTokens)} out tokens ·
      ${formatCost(a.costUsd)} · ${formatDuration(a.latencyMs)}</div>
  </section>`;
}

function comparisonView(c: ReplayComparison): TemplateResult {
  const tokens = (n: number): string => String(Math.round(n));
  return html`<div class="replay-comparison">
    <div class="replay-diff" aria-label="Answer, word diff against the original">${c.sameText
      ? html`<span class="muted">Same answer as the original.</span>`
      : c.diff.map((d) => (d.op === 'same' ? html`<span>${d.text}</span>`
        : d.op === 'added' ? html`<ins class="diff-added">${d.text}</ins>` : html`<del class="diff-removed">${d.text}</del>`))}</div>
    <table class="kv replay-figures"><tbody>
      <tr><th>input tokens</th><td>${figureText(c.inputTokens, tokens)}</td></tr>
      <tr><th>output tokens</th><td>${figureText(c.outputTokens, tokens)}</td></tr>
      <tr><th>cost</th><td>${figureText(c.costUsd, (n) => formatCost(n))}</td></tr>
      <tr><th>latency</th><td>${figureText(c.latencyMs, (n) => formatDuration(n))}</td></tr>
      <tr><th>finish reason</th><td class=${c.finishReason.changed ? 'warning-text' : ''}>${c.finishReason.original ?? '—'} → ${c.finishReason.replay ?? '—'}</td></tr>
    </tbody></table>
  </div>`;
}

function runView(p: ReplayViewProps, live: LiveRun, runs: number): TemplateResult {
  const r: ReplayRunView | null = live.result;
  const error = r?.error ? errorSummary(r.error) : null;
  return html`<section class="replay-run ${r ? (r.ok ? 'ok' : 'failed') : 'streaming'}" data-run=${live.run} data-chunks=${live.chunks}>
    <h4>Run ${live.run}${runs > 1 ? ` of ${runs}` : ''} ${r ? nothing : html`<span class="codicon codicon-loading codicon-modifier-spin"></span>`}
      ${r ? html`<vscode-button secondary class="open-replay-trace" @click=${() => p.onOpenTrace(r.traceId, r.spanId)}>
        <span class="codicon codicon-link-external"></span> Open Replay Trace</vscode-button>` : nothing}</h4>
    ${error ? html`<div class="error-box replay-error" data-kind=${r!.error!.kind}><span class="codicon codicon-error"></span>
      <strong>${error.title}</strong> ${error.detail}<div class="muted">The failed run is stored like any other.</div></div>` : nothing}
    <pre class="replay-text replay-answer">${live.text || (r ? '(no text)' : '…')}</pre>
    ${r && r.toolCalls.length > 0 ? html`<div class="replay-tool-calls">${r.toolCalls.map((c) => html`<div class="replay-part tool-call">
      <span class="codicon codicon-tools"></span> tool call <code>${c.name}</code> <span class="muted">(not executed)</span>
      <pre class="replay-text">${c.arguments}</pre></div>`)}</div>` : nothing}
    ${r ? html`<div class="muted replay-run-figures">finish ${r.finishReason ?? '—'} · ${count(r.inputTokens)} in / ${count(r.outputTokens)} out tokens ·
      ${formatCost(r.costUsd)} · ${r.latencyMs === null ? '—' : formatDuration(r.latencyMs)}</div>` : nothing}
    ${r ? r.notes.map((n) => html`<div class="muted">note: ${n}</div>`) : nothing}
    ${r?.comparison ? comparisonView(r.comparison) : nothing}
  </section>`;
}

function spreadView(s: RunSpread): TemplateResult {
  return html`<section class="replay-spread">
    <h3>Spread of ${s.runs} runs${s.failed ? html` <span class="badge error">${s.failed} failed</span>` : nothing}</h3>
    <table class="kv"><tbody>
      <tr><th>distinct answers</th><td class="replay-distinct">${s.distinctAnswers.length}</td></tr>
      <tr><th>output tokens</th><td>${s.outputTokens ? `${s.outputTokens.min}–${s.outputTokens.max} (mean ${s.outputTokens.mean.toFixed(1)})` : '—'}</td></tr>
      <tr><th>cost</th><td>${s.costUsd ? `${formatCost(s.costUsd.total)} in all, ${formatCost(s.costUsd.mean)} per run` : '—'}</td></tr>
      <tr><th>latency</th><td>${s.latencyMs ? `${formatDuration(s.latencyMs.min)} – ${formatDuration(s.latencyMs.max)} (median ${formatDuration(s.latencyMs.median)})` : '—'}</td></tr>
    </tbody></table>
    <ol class="replay-answers">${s.distinctAnswers.map((a) => html`<li><span class="badge">×${a.count}</span> <pre class="replay-text">${a.text || '(no text)'}</pre></li>`)}</ol>
  </section>`;
}

function toolbar(p: ReplayViewProps): TemplateResult {
  return html`<div class="replay-toolbar">
    <vscode-button class="replay-run-button" ?disabled=${p.running} @click=${p.onRun}><span class="codicon codicon-play"></span> Run</vscode-button>
    <vscode-button secondary class="replay-run-many" ?disabled=${p.running} @click=${p.onRunMany}>Run ×${p.runsWanted}</vscode-button>
    <input class="replay-runs-wanted" type="number" min="2" max=${p.maxRuns} aria-label="Runs for Run ×N" .value=${String(p.runsWanted)}
      @change=${(e: Event) => p.onRunsWanted(Number(value(e)))}>
    ${p.running ? html`<vscode-button secondary class="replay-stop" @click=${p.onCancel}><span class="codicon codicon-debug-stop"></span> Stop</vscode-button>` : nothing}
    <vscode-button secondary class="replay-use-prompt" ?disabled=${p.running} @click=${p.onUsePromptFile}
      title="Put a version of the span's prompt file (or another template) into the fields, filled with the span's recorded variables">
      <span class="codicon codicon-note"></span> Use Prompt File…</vscode-button>
    <vscode-button secondary class="replay-reset" ?disabled=${p.running} @click=${p.onReset}>Reset edits</vscode-button>
  </div>`;
}

export function renderReplayView(p: ReplayViewProps): TemplateResult {
  if (p.loadError) return html`<div class="error-box">${p.loadError}</div>`;
  const { setup, form } = p;
  if (!setup || !form) return html`<div class="muted empty">Loading the recorded call…</div>`;
  const s = setup.request.source;
  const o = p.outcome;
  return html`<div class="replay-view">
    <header class="replay-header">
      <h2><span class="codicon codicon-debug-rerun"></span> Replay of <span class="replay-span-name">${s.spanName}</span></h2>
      <div class="muted">${s.service ?? 'unknown service'} · trace ${s.traceId} · span ${s.spanId}
        ${s.promptName ? html` · prompt ${s.promptName}${s.promptVersion ? `@${s.promptVersion}` : ''}` : nothing}</div>
      <div class="muted">Sending the call to the endpoint happens only when you run it; the first time for each endpoint asks you to confirm.</div>
      ${toolbar(p)}
      ${p.formErrors.length ? html`<ul class="error-box replay-form-errors">${p.formErrors.map((e) => html`<li>${e}</li>`)}</ul>` : nothing}
      ${p.runError ? html`<div class="error-box replay-run-error">${p.runError}</div>` : nothing}
      ${marks(generalMarks(setup.request.marks))}
      ${p.prompt ? html`<div class="replay-prompt-note muted">prompt <strong>${p.prompt.label}</strong>: ${p.prompt.applied.join('; ')}</div>
        ${marks(p.prompt.marks)}` : nothing}
    </header>
    <div class="replay-columns">
      <div class="replay-request">
        ${callSection(p, setup, form)}
        ${parametersSection(p, form)}
        ${toolsSection(setup.request.tools, setup.request.marks)}
        ${messagesSection(p, setup, form)}
      </div>
      <div class="replay-results">
        ${recordedSection(setup)}
        ${o?.applied?.length ? html`<div class="muted replay-applied">edits: ${o.applied.join('; ')}</div>` : nothing}
        ${o?.endpoint ? html`<div class="muted">sent to ${o.endpoint}</div>` : nothing}
        ${p.runs.live.map((live) => runView(p, live, p.runs.runs))}
        ${o?.spread ? spreadView(o.spread) : nothing}
      </div>
    </div>
  </div>`;
}
