// Span ↔ code ↔ prompt in the editor. One entry: registerSpanLinks(context, deps). openSpanSource /
// openSpanPrompt also work on their own (the panel's buttons delegate to them).
import * as vscode from 'vscode';
import { readLinkSettings, type LinkSettings } from '../../core/links/link-settings';
import type { NormalizedSpan } from '../../core/model/types';
import { SHOW_SPANS_AT_CODE, SpanCodeLensProvider } from './code-lens';
import { CodeStatsIndex } from './code-stats-index';
import type { CodeSpansStore, LinksStore } from '../../core/store/views';
import type { CodeSpanFilter, SpanLinksDeps, SpanRef } from './deps';
import { ErrorGutter } from './gutter';
import { SpanHoverProvider } from './hover';
import {
  DiffPrompt, GetPromptStatus, ListCodeSpans, OpenPrompt, OpenSource, type ActionResult, type PromptStatus,
} from '../../protocol/messages';
import type { HostRpc } from '../../protocol/rpc';
import type { PanelPageInfo } from '../panel-handlers';
import { findCodeSpans } from './code-spans';
import {
  PROMPT_SCHEME, PromptHistoryProvider, canDiff, diffSpanPromptWith, openSpanPromptWith, resolveSpanPrompt, type PromptOpenResult,
} from './prompt';
import { forgetLiteralChoices, openSpanSourceWith, type LiteralPickItem, type SourceOpenResult } from './source';
import { PathResolver } from './workspace';

export type { CodeSpanFilter, SpanLinksDeps, SpanRef } from './deps';
export type { PromptOpenResult, PromptResolution } from './prompt';
export type { LiteralPickItem, SourceOpenResult } from './source';
export { PROMPT_SCHEME } from './prompt';

export const LINK_COMMANDS = {
  openSpanSource: 'agentTraceLens.openSpanSource',
  openPrompt: 'agentTraceLens.openPrompt',
  diffPromptVersions: 'agentTraceLens.diffPromptVersions',
  showSpansAtCode: SHOW_SPANS_AT_CODE,
  forgetSourceChoices: 'agentTraceLens.forgetSourceChoices',
} as const;

const SECTION = 'agentTraceLens';

/** In-memory Memento for use before registerSpanLinks (choices then last for the session only). */
class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] { return [...this.values.keys()]; }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

interface LinksState {
  settings: () => LinkSettings;
  resolver: PathResolver;
  memory: vscode.Memento;
  pick?: (items: LiteralPickItem[]) => Promise<LiteralPickItem | undefined>;
}

let state: LinksState | null = null;
let fallback: LinksState | null = null;

function defaultSettings(): LinkSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return readLinkSettings(<T>(key: string, value: T) => config.get<T>(key, value));
}

/** The fallback's resolver watches files: drop it once a registration takes over (or everything is disposed). */
function disposeFallback(): void {
  fallback?.resolver.dispose();
  fallback = null;
}

function current(): LinksState {
  if (state) return state;
  fallback ??= { settings: defaultSettings, resolver: new PathResolver(() => defaultSettings().pathMappings), memory: new MemoryMemento() };
  return fallback;
}

/** Open the file and line that emitted the span (code.* attributes, stack, or string literal search). */
export async function openSpanSource(span: NormalizedSpan, options: { viewColumn?: vscode.ViewColumn } = {}): Promise<SourceOpenResult> {
  const s = current();
  return openSpanSourceWith(span, { resolver: s.resolver, memory: s.memory, pick: s.pick, ...options });
}

/** Open the span's prompt file (its version from git history when the workspace moved on). */
export async function openSpanPrompt(
  span: NormalizedSpan, options: { notify?: boolean; viewColumn?: vscode.ViewColumn } = {},
): Promise<PromptOpenResult> {
  return openSpanPromptWith(span, { globs: current().settings().promptGlobs, ...options });
}

/** Diff the span's prompt version with the workspace's current one. */
export async function diffSpanPromptVersions(span: NormalizedSpan, options: { viewColumn?: vscode.ViewColumn } = {}): Promise<PromptOpenResult> {
  return diffSpanPromptWith(span, { globs: current().settings().promptGlobs, ...options });
}

/** What the panel's Prompt section says about the span's prompt; null when the span names none. */
export async function spanPromptStatus(span: NormalizedSpan): Promise<PromptStatus | null> {
  const r = await resolveSpanPrompt(span, current().settings().promptGlobs);
  if (!r) return null;
  return {
    found: (r.traceFile ?? r.currentFile) !== null,
    currentVersion: r.currentVersion,
    gap: r.gap,
    diffAvailable: canDiff(r),
    template: r.template,
    templateSource: r.templateSource,
  };
}

/** Test hook: answer the literal quick pick programmatically (null restores the quick pick). */
export function setLiteralPickerForTests(pick: ((items: LiteralPickItem[]) => Promise<LiteralPickItem | undefined>) | null): void {
  current().pick = pick ?? undefined;
}

function isSpan(value: unknown): value is NormalizedSpan {
  return typeof value === 'object' && value !== null && 'attributes' in value && 'name' in value && 'spanId' in value;
}

function isRef(value: unknown): value is SpanRef {
  return typeof value === 'object' && value !== null
    && typeof (value as SpanRef).traceId === 'string' && typeof (value as SpanRef).spanId === 'string';
}

export interface SpanLinksHandle extends vscode.Disposable {
  codeLens: SpanCodeLensProvider;
  gutter: ErrorGutter;
  /** Re-read settings and drop cached stats now (normally done on store and settings changes). */
  refresh(): void;
}

export function registerSpanLinks(context: vscode.ExtensionContext, deps: SpanLinksDeps): SpanLinksHandle {
  const read = deps.getSetting
    ? (): LinkSettings => readLinkSettings(<T>(key: string, value: T) => deps.getSetting!<T>(key, value))
    : defaultSettings;
  let settings = read();
  const resolver = new PathResolver(() => settings.pathMappings);
  disposeFallback();
  const previous = state;
  const mine: LinksState = { settings: () => settings, resolver, memory: context.workspaceState };
  state = mine;
  const reload = (): void => {
    const before = JSON.stringify(settings.pathMappings);
    settings = read();
    if (JSON.stringify(settings.pathMappings) !== before) resolver.clear();
    index.invalidate(false);
    codeLens.refresh();
    void gutter.refresh();
  };
  const index = new CodeStatsIndex(() => deps.store(), resolver);
  const codeLens = new SpanCodeLensProvider(index, () => settings.codeLensEnabled);
  const hover = new SpanHoverProvider(index, () => deps.store(), () => settings.hoverEnabled);
  const gutter = new ErrorGutter(index, () => settings.gutterEnabled);
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  const disposables: vscode.Disposable[] = [
    resolver, index, codeLens, gutter,
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    vscode.languages.registerHoverProvider(selector, hover),
    vscode.workspace.registerTextDocumentContentProvider(PROMPT_SCHEME, new PromptHistoryProvider()),
    new vscode.Disposable(deps.onDidChangeStore(() => index.invalidate())),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) reload();
    }),
  ];

  const spanFrom = async (arg: unknown): Promise<NormalizedSpan | null> => {
    if (isSpan(arg)) return arg;
    const ref = isRef(arg) ? arg : deps.selectedSpan?.() ?? null;
    if (!ref) return null;
    return (await deps.store()?.getSpan(ref.traceId, ref.spanId)) ?? null;
  };
  const withSpan = <R extends { ok: boolean; message?: string }>(run: (span: NormalizedSpan) => Promise<R>) =>
    async (arg?: unknown): Promise<R | { ok: false; message: string }> => {
      const span = await spanFrom(arg);
      const result = span ? await run(span) : { ok: false as const, message: 'Select a span in the Agent Trace Lens panel first.' };
      if (!result.ok && result.message) void vscode.window.showWarningMessage(`Agent Trace Lens: ${result.message}`);
      return result;
    };

  if (deps.registerCommands !== false) {
    disposables.push(
      vscode.commands.registerCommand(LINK_COMMANDS.openSpanSource, withSpan(openSpanSource)),
      vscode.commands.registerCommand(LINK_COMMANDS.openPrompt, withSpan((span) => openSpanPrompt(span))),
      vscode.commands.registerCommand(LINK_COMMANDS.diffPromptVersions, withSpan(diffSpanPromptVersions)),
      vscode.commands.registerCommand(LINK_COMMANDS.forgetSourceChoices, () => forgetLiteralChoices(context.workspaceState)),
      vscode.commands.registerCommand(LINK_COMMANDS.showSpansAtCode, async (filter: CodeSpanFilter) => {
        if (deps.revealInPanel) await deps.revealInPanel(filter);
        else await deps.showTrace?.(filter.latest.traceId, filter.latest.spanId);
      }),
    );
  }

  const handle: SpanLinksHandle = {
    codeLens,
    gutter,
    refresh: reload,
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
      if (state === mine) state = previous;
      disposeFallback();
    },
  };
  context.subscriptions.push(handle);
  return handle;
}

/** Only what the webview needs (results may carry vscode.Uri objects). */
function plainResult(r: ActionResult): ActionResult {
  return r.message === undefined ? { ok: r.ok } : { ok: r.ok, message: r.message };
}

/** The details' source and prompt buttons, the Prompt section's status, and a code location's span list. */
export function registerLinkHandlers(rpc: HostRpc, page: PanelPageInfo, deps: { openStore(): Promise<LinksStore & CodeSpansStore> }): void {
  const withSpan = <R>(run: (span: NormalizedSpan) => Promise<R>, none: R) => async ({ traceId, spanId }: SpanRef): Promise<R> => {
    const span = await (await deps.openStore()).getSpan(traceId, spanId);
    return span ? run(span) : none;
  };
  const notFound: ActionResult = { ok: false, message: 'Span not found.' };
  // From an editor tab, files open in another editor group: never on top of the trace.
  const beside = page.surface === 'editor' ? { viewColumn: vscode.ViewColumn.Beside } : {};
  rpc.onRequest(OpenSource, withSpan((span) => openSpanSource(span, beside).then(plainResult), notFound));
  // The page shows the version note itself (and a diff button), so no notification here.
  rpc.onRequest(OpenPrompt, withSpan((span) => openSpanPrompt(span, { notify: false, ...beside }).then(plainResult), notFound));
  rpc.onRequest(DiffPrompt, withSpan((span) => diffSpanPromptVersions(span, beside).then(plainResult), notFound));
  rpc.onRequest(GetPromptStatus, withSpan(spanPromptStatus, null));
  rpc.onRequest(ListCodeSpans, async (filter) => findCodeSpans(await deps.openStore(), filter));
}
