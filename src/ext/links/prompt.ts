// Span → prompt version: find the prompt file, say when the trace ran another version than the
// workspace has, open that version from git history and diff it with the current file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  compareRenderedPrompt, compareTemplate, describeVersionGap, displayVersion, extractPromptRef, matchPromptFiles, toSlashPath,
  versionsEqual, type PromptRef, type TemplateComparison,
} from '../../core/links';
import { checkHistoryRef, findPromptVersionInHistory, gitRepoRoot, type GitRunner } from '../../core/links/git-history';
import type { NormalizedSpan } from '../../core/model/types';
import type { OpenResult } from './source';
import { trustedGit } from '../trust';
import { EXCLUDE_GLOB, readText } from './workspace';

export const PROMPT_SCHEME = 'agent-trace-lens-prompt';
const HEADER_BYTES = 4096;

export interface PromptResolution {
  ref: PromptRef;
  /** The file of the trace's version: a workspace file or a read-only git revision. */
  traceFile: vscode.Uri | null;
  /** The workspace's current (highest) version of that prompt. */
  currentFile: vscode.Uri | null;
  currentVersion: string | null;
  /** "trace ran v16, workspace has v17" when they differ. */
  gap: string | null;
  /**
   * The span's recorded template compared with the trace's file (or the current one); without a recorded template,
   * what the span sent (system instructions and input messages) against the file's template.
   */
  template: TemplateComparison | null;
  /** What `template` compared: the recorded template, or the rendered prompt the span sent. */
  templateSource: 'template' | 'rendered' | null;
  fromGit: { repoRoot: string; rev: string; path: string } | null;
}

export interface PromptOpenResult extends OpenResult {
  resolution?: PromptResolution;
  opened?: vscode.Uri;
  /** A diff trace version ↔ current is available (offered to the user). */
  diffAvailable?: boolean;
}

/** Serves `agent-trace-lens-prompt:/<path>?<json>` documents: the file's text at a git revision. */
export class PromptHistoryProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly git: GitRunner = trustedGit) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: unknown;
    try {
      query = JSON.parse(uri.query);
    } catch {
      query = null;
    }
    // The URI can come from anywhere (a link, another extension): git only runs on checked values.
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const ref = checkHistoryRef(query, folders);
    if (!ref) throw new Error('Not a prompt revision of this workspace.');
    return this.git(['show', `${ref.rev}:${ref.path}`], ref.repoRoot);
  }
}

export function historyUri(repoRoot: string, rev: string, relPath: string, version: string): vscode.Uri {
  const name = relPath.split('/').pop() ?? relPath;
  return vscode.Uri.from({
    scheme: PROMPT_SCHEME,
    path: `/${displayVersion(version)}/${name}`,
    query: JSON.stringify({ repoRoot, rev, path: relPath }),
  });
}

async function promptFiles(globs: readonly string[]): Promise<Map<string, vscode.Uri>> {
  const byRel = new Map<string, vscode.Uri>();
  for (const glob of globs) {
    for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE_GLOB, 2000)) {
      byRel.set(toSlashPath(vscode.workspace.asRelativePath(uri, true)), uri);
    }
  }
  return byRel;
}

/** Find the trace's prompt version and the current one. Null when the span names no prompt. */
export async function resolveSpanPrompt(
  span: NormalizedSpan,
  globs: readonly string[],
  git: GitRunner = trustedGit,
): Promise<PromptResolution | null> {
  const ref = extractPromptRef(span);
  if (!ref?.name) return null;
  const files = await promptFiles(globs);
  const headers = new Map<string, string>();
  for (const [rel, uri] of files) {
    const text = await readText(uri, 4 * 1024 * 1024);
    if (text !== null) headers.set(rel, text.slice(0, HEADER_BYTES));
  }
  // asRelativePath(…, true) prefixes the folder name in multi-root workspaces: globs match a `**/` prefix.
  const match = matchPromptFiles(ref, [...files.keys()], (rel) => headers.get(rel), globs);
  const currentFile = match.current ? files.get(match.current.path) ?? null : null;
  const currentVersion = match.current?.version ?? null;
  let traceFile = match.exact ? files.get(match.exact) ?? null : null;
  let fromGit: PromptResolution['fromGit'] = null;

  if (!traceFile && ref.version && currentFile) {
    const repoRoot = await gitRepoRoot(path.dirname(currentFile.fsPath), git);
    if (repoRoot) {
      const rootSlash = toSlashPath(repoRoot);
      const knownPaths = match.all
        .map((m) => files.get(m.path))
        .filter((u): u is vscode.Uri => u !== undefined)
        .map((u) => path.posix.relative(rootSlash, toSlashPath(u.fsPath)));
      const found = await findPromptVersionInHistory({ repoRoot, name: ref.name, version: ref.version, knownPaths, globs, git });
      if (found) {
        fromGit = { repoRoot, rev: found.rev, path: found.path };
        traceFile = historyUri(repoRoot, found.rev, found.path, ref.version);
      }
    }
  }

  const gap = ref.version && currentVersion && !versionsEqual(ref.version, currentVersion)
    ? describeVersionGap(ref.version, currentVersion)
    : null;
  let template: TemplateComparison | null = null;
  let templateSource: PromptResolution['templateSource'] = null;
  const compareWith = traceFile ?? currentFile;
  const rendered = { systemInstructions: span.systemInstructions, inputMessages: span.inputMessages, variables: ref.variables };
  if (compareWith && (ref.template || rendered.systemInstructions || rendered.inputMessages)) {
    const text = compareWith.scheme === PROMPT_SCHEME
      ? (await vscode.workspace.openTextDocument(compareWith)).getText()
      : await readText(compareWith, 4 * 1024 * 1024);
    if (text !== null && ref.template) {
      template = compareTemplate(ref.template, text);
      templateSource = 'template';
    } else if (text !== null) {
      template = compareRenderedPrompt(rendered, text);
      templateSource = template === null ? null : 'rendered';
    }
  }
  return { ref, traceFile, currentFile, currentVersion, gap, template, templateSource, fromGit };
}

function describe(resolution: PromptResolution): string {
  const { ref, traceFile, gap, template } = resolution;
  const what = resolution.templateSource === 'rendered' ? 'the prompt the span sent' : 'the recorded template';
  const label = `${ref.name}${ref.version ? ` ${displayVersion(ref.version)}` : ''}`;
  const parts: string[] = [];
  if (gap) parts.push(gap);
  if (gap && resolution.fromGit) parts.push(`${displayVersion(ref.version!)} opened from git ${resolution.fromGit.rev.slice(0, 8)}`);
  if (gap && !traceFile) parts.push(`${displayVersion(ref.version!)} is neither in the workspace nor in git history`);
  if (template === 'same') parts.push(`${what} matches the file`);
  if (template === 'changed') parts.push(`${what} differs from the file (changed since)`);
  return `Prompt ${label}${parts.length ? `: ${parts.join('; ')}` : ''}.`;
}

export function canDiff(resolution: PromptResolution): boolean {
  const { traceFile, currentFile } = resolution;
  return traceFile !== null && currentFile !== null && traceFile.toString() !== currentFile.toString();
}

export async function diffPrompt(resolution: PromptResolution, viewColumn?: vscode.ViewColumn): Promise<PromptOpenResult> {
  const { traceFile, currentFile, ref, currentVersion } = resolution;
  if (!traceFile || !currentFile || !canDiff(resolution)) {
    return { ok: false, message: 'There is no other version of this prompt to compare with.', resolution };
  }
  const left = ref.version ? displayVersion(ref.version) : 'trace';
  const right = currentVersion ? displayVersion(currentVersion) : 'current';
  const title = `${ref.name}: ${left} (trace) ↔ ${right} (workspace)`;
  await vscode.commands.executeCommand('vscode.diff', traceFile, currentFile, title, viewColumn === undefined ? {} : { viewColumn });
  return { ok: true, resolution, opened: currentFile, diffAvailable: true };
}

export interface PromptOpenOptions {
  globs: readonly string[];
  git?: GitRunner;
  /** Show the version message with a diff button (default true). */
  notify?: boolean;
  /** Where the file opens (e.g. beside a trace's editor tab); default: the active group. */
  viewColumn?: vscode.ViewColumn;
}

export async function openSpanPromptWith(span: NormalizedSpan, options: PromptOpenOptions): Promise<PromptOpenResult> {
  const resolution = await resolveSpanPrompt(span, options.globs, options.git);
  if (!resolution) return { ok: false, message: 'This span names no prompt.' };
  const target = resolution.traceFile ?? resolution.currentFile;
  if (!target) {
    return { ok: false, message: `No prompt file for "${resolution.ref.name}" in the workspace (searched ${options.globs.join(', ')}).`, resolution };
  }
  const document = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(document, { preview: true, ...(options.viewColumn === undefined ? {} : { viewColumn: options.viewColumn }) });
  const diffAvailable = canDiff(resolution);
  const message = describe(resolution);
  if (options.notify !== false && (resolution.gap || resolution.template)) {
    const action = diffAvailable ? 'Diff with current' : undefined;
    void vscode.window.showInformationMessage(`Agent Trace Lens: ${message}`, ...(action ? [action] : [])).then((choice) => {
      if (choice === action) void diffPrompt(resolution, options.viewColumn);
    });
  }
  return { ok: true, message, resolution, opened: target, diffAvailable };
}

export async function diffSpanPromptWith(span: NormalizedSpan, options: PromptOpenOptions): Promise<PromptOpenResult> {
  const resolution = await resolveSpanPrompt(span, options.globs, options.git);
  if (!resolution) return { ok: false, message: 'This span names no prompt.' };
  return diffPrompt(resolution, options.viewColumn);
}
