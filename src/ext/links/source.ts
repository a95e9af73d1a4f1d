// Span → source: open the file and line that emitted a span, from its code.* attributes or a stack
// trace; with no location, from string literals naming the span, tool or agent.
import * as vscode from 'vscode';
import {
  extractCodeLocation, findLiteralCandidates, parseStackFrames, type LiteralCandidate, type SourceText,
} from '../../core/links';
import type { NormalizedSpan } from '../../core/model/types';
import { EXCLUDE_GLOB, baseName, exists, readText, type PathResolver } from './workspace';

export interface OpenResult {
  ok: boolean;
  message?: string;
}

export interface SourceOpenResult extends OpenResult {
  uri?: vscode.Uri;
  /** 1-based. */
  line?: number;
  column?: number;
  how?: 'location' | 'literal' | 'remembered';
}

export interface SourceContext {
  resolver: PathResolver;
  /** Remembered literal-search choices, by span name. */
  memory: vscode.Memento;
  /** Choose among several literal candidates; default: a quick pick. */
  pick?: (items: LiteralPickItem[]) => Promise<LiteralPickItem | undefined>;
  /** Where the file opens (e.g. beside a trace's editor tab); default: the active group. */
  viewColumn?: vscode.ViewColumn;
}

export interface LiteralPickItem extends vscode.QuickPickItem {
  candidate: LiteralCandidate;
  uri: vscode.Uri;
}

const SOURCE_GLOB = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts,py,go,java,kt,cs,rb,rs,php,swift,scala}';
const MAX_SEARCH_FILES = 5000;
const HIGHLIGHT_MS = 1500;
const MEMORY_PREFIX = 'agentTraceLens.links.literalChoice:';

interface RememberedChoice {
  uri: string;
  line: number;
  column: number;
}

let highlight: vscode.TextEditorDecorationType | null = null;

/** Open at a 1-based line/column, scroll it into view and flash the line. */
export async function revealLocation(
  uri: vscode.Uri, line: number | null, column: number | null, viewColumn?: vscode.ViewColumn,
): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const position = document.validatePosition(new vscode.Position(Math.max(0, (line ?? 1) - 1), Math.max(0, (column ?? 1) - 1)));
  const editor = await vscode.window.showTextDocument(document, {
    selection: new vscode.Range(position, position),
    preview: true,
    ...(viewColumn === undefined ? {} : { viewColumn }),
  });
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  highlight ??= vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.rangeHighlightBackground'),
  });
  const decoration = highlight;
  editor.setDecorations(decoration, [new vscode.Range(position.line, 0, position.line, 0)]);
  setTimeout(() => editor.setDecorations(decoration, []), HIGHLIGHT_MS);
  return editor;
}

/** Every stack the span carries (code.stacktrace, exception events, the normalizer's copy). */
function stackTexts(span: NormalizedSpan): string[] {
  const out: string[] = [];
  const own = span.attributes['code.stacktrace'];
  if (typeof own === 'string') out.push(own);
  for (const event of span.events) {
    const trace = event.name === 'exception' ? event.attributes['exception.stacktrace'] : undefined;
    if (typeof trace === 'string') out.push(trace);
  }
  if (span.code?.stacktrace) out.push(span.code.stacktrace);
  return out;
}

/** Where the span's code location points in this workspace, or null. */
export async function resolveSpanLocation(
  span: NormalizedSpan,
  resolver: PathResolver,
): Promise<{ uri: vscode.Uri; line: number | null; column: number | null } | null> {
  // Resolve every stack frame's file first, so the frame picked is the first one in the workspace.
  const framePaths = [...new Set(stackTexts(span).flatMap((s) => parseStackFrames(s).map((f) => f.filePath)))];
  const resolved = framePaths.length > 0 ? await resolver.resolveAll(framePaths) : new Map<string, vscode.Uri | null>();
  const location = extractCodeLocation(span, { isWorkspacePath: (p) => (resolved.get(p) ?? null) !== null });
  if (!location?.filePath) return null;
  const uri = resolved.get(location.filePath) ?? (await resolver.resolve(location.filePath));
  return uri ? { uri, line: location.line, column: location.column } : null;
}

/** Names to look for as string literals, most specific first. */
export function literalNeedles(span: NormalizedSpan): string[] {
  const names = [span.name, span.toolName, span.agentName, span.code?.function ?? null];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n.trim().length >= 2))];
}

async function workspaceSources(needles: readonly string[]): Promise<SourceText[]> {
  const uris = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_SEARCH_FILES);
  const out: SourceText[] = [];
  for (const uri of uris) {
    const text = await readText(uri);
    if (text !== null && needles.some((n) => text.includes(n))) out.push({ path: uri.toString(), text });
  }
  return out;
}

/** Literal candidates for the span, best first, one per line. */
export async function findEmissionSites(span: NormalizedSpan): Promise<LiteralCandidate[]> {
  const needles = literalNeedles(span);
  if (needles.length === 0) return [];
  const candidates = findLiteralCandidates(needles, await workspaceSources(needles), { limit: 200 });
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = `${c.path}#${c.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pickItems(candidates: LiteralCandidate[]): LiteralPickItem[] {
  return candidates.map((candidate) => {
    const uri = vscode.Uri.parse(candidate.path);
    const where = vscode.workspace.asRelativePath(uri, true);
    const kind = candidate.kind === 'span-call' ? 'starts a span' : candidate.kind === 'name-option' ? 'name option' : 'string literal';
    return { label: `${where}:${candidate.line}`, description: `"${candidate.needle}" · ${kind}`, candidate, uri };
  });
}

async function quickPick(items: LiteralPickItem[]): Promise<LiteralPickItem | undefined> {
  return vscode.window.showQuickPick(items, { placeHolder: 'Where was this span emitted? (the choice is remembered)' });
}

async function openRemembered(span: NormalizedSpan, memory: vscode.Memento, viewColumn?: vscode.ViewColumn): Promise<SourceOpenResult | null> {
  const choice = memory.get<RememberedChoice>(MEMORY_PREFIX + span.name);
  if (!choice) return null;
  const uri = vscode.Uri.parse(choice.uri);
  if (!(await exists(uri))) return null;
  await revealLocation(uri, choice.line, choice.column, viewColumn);
  return { ok: true, uri, line: choice.line, column: choice.column, how: 'remembered' };
}

export async function openSpanSourceWith(span: NormalizedSpan, context: SourceContext): Promise<SourceOpenResult> {
  const located = await resolveSpanLocation(span, context.resolver);
  if (located) {
    await revealLocation(located.uri, located.line, located.column, context.viewColumn);
    return { ok: true, uri: located.uri, line: located.line ?? 1, column: located.column ?? 1, how: 'location' };
  }
  const remembered = await openRemembered(span, context.memory, context.viewColumn);
  if (remembered) return remembered;

  const candidates = await findEmissionSites(span);
  const recorded = span.code?.filePath ? ` (recorded at ${baseName(span.code.filePath)}, not in this workspace)` : '';
  if (candidates.length === 0) {
    return { ok: false, message: `No source location for "${span.name}"${recorded} and no string literal naming it in the workspace.` };
  }
  const items = pickItems(candidates);
  const chosen = items.length === 1 ? items[0] : await (context.pick ?? quickPick)(items);
  if (!chosen) return { ok: false, message: 'No location chosen.' };
  const { line, column } = chosen.candidate;
  if (items.length > 1) {
    const remember: RememberedChoice = { uri: chosen.uri.toString(), line, column };
    await context.memory.update(MEMORY_PREFIX + span.name, remember);
  }
  await revealLocation(chosen.uri, line, column, context.viewColumn);
  return { ok: true, uri: chosen.uri, line, column, how: 'literal' };
}

/** Forget remembered literal choices (all, or one span name). */
export async function forgetLiteralChoices(memory: vscode.Memento, spanName?: string): Promise<void> {
  const keys = spanName ? [MEMORY_PREFIX + spanName] : memory.keys().filter((k) => k.startsWith(MEMORY_PREFIX));
  for (const key of keys) await memory.update(key, undefined);
}
