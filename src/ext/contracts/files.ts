// Finding, reading and watching the contract files named by agentTraceLens.contracts.files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ContractSource } from '../../core/contracts';
import { isGlob } from './settings';

/** A contract file as loaded: how findings name it, where it is, and the text they point into. */
export interface LoadedFile extends ContractSource {
  uri: vscode.Uri;
}

function folders(): readonly vscode.WorkspaceFolder[] {
  return vscode.workspace.workspaceFolders ?? [];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** Contract files in configuration order (then by path), without duplicates. */
export async function findContractFiles(patterns: readonly string[]): Promise<vscode.Uri[]> {
  const out = new Map<string, vscode.Uri>();
  for (const pattern of patterns) {
    const found: vscode.Uri[] = [];
    if (path.isAbsolute(pattern)) {
      const uri = vscode.Uri.file(pattern);
      if (await exists(uri)) found.push(uri);
    } else {
      for (const folder of folders()) {
        if (isGlob(pattern)) {
          found.push(...await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), '**/node_modules/**'));
        } else {
          const uri = vscode.Uri.joinPath(folder.uri, pattern);
          if (await exists(uri)) found.push(uri);
        }
      }
    }
    found.sort((a, b) => a.path.localeCompare(b.path));
    for (const uri of found) if (!out.has(uri.toString())) out.set(uri.toString(), uri);
  }
  return [...out.values()];
}

/**
 * The file's text: the editor's copy when it has unsaved edits (what diagnostics are drawn on),
 * else the disk (an open, clean document may not have caught up with a change on disk yet).
 */
export async function readContractFile(uri: vscode.Uri): Promise<LoadedFile> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open?.isDirty ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { uri, file: vscode.workspace.asRelativePath(uri, folders().length > 1), text };
}

/** Calls `onChange` (debounced) when a contract file is created, changed, deleted or saved. */
export function watchContractFiles(patterns: readonly string[], isContractFile: (uri: vscode.Uri) => boolean, onChange: () => void): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, 150);
  };
  const disposables: vscode.Disposable[] = [];
  for (const pattern of patterns) {
    const targets: vscode.RelativePattern[] = path.isAbsolute(pattern)
      ? [new vscode.RelativePattern(vscode.Uri.file(path.dirname(pattern)), path.basename(pattern))]
      : folders().map((f) => new vscode.RelativePattern(f, pattern));
    for (const target of targets) {
      const watcher = vscode.workspace.createFileSystemWatcher(target);
      disposables.push(watcher, watcher.onDidCreate(fire), watcher.onDidChange(fire), watcher.onDidDelete(fire));
    }
  }
  // File watchers can lag behind (remote file systems); a save in the editor is certain.
  disposables.push(vscode.workspace.onDidSaveTextDocument((d) => { if (isContractFile(d.uri)) fire(); }));
  disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(fire));
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    for (const d of disposables) d.dispose();
  });
}
