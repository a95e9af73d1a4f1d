// Store stats per workspace file, for CodeLens, hovers and gutter marks. Built lazily from one store
// query, mapped onto workspace files, dropped on every store change. Files no span names cost a Map miss.
import * as vscode from 'vscode';
import { indexStatsByFile, type FileStats } from '../../core/links/code-index';
import type { CodeLocationStat } from '../../core/store';
import type { LinksStore } from './deps';
import { fileKey, type PathResolver } from './workspace';

export type FileCodeStats = FileStats<CodeLocationStat>;

const REFRESH_DELAY_MS = 300;

export class CodeStatsIndex implements vscode.Disposable {
  private built: Promise<Map<string, FileCodeStats>> | null = null;
  /** The last finished index: lets callers skip files without spans synchronously. */
  private last = new Map<string, FileCodeStats>();
  private timer: NodeJS.Timeout | null = null;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) after the store or the path mapping changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: () => LinksStore | null,
    private readonly resolver: PathResolver,
  ) {}

  /** Forget the stats; with `debounce`, bursts of ingests coalesce into one refresh. */
  invalidate(debounce = true): void {
    this.built = null;
    if (!debounce) {
      this.changed.fire();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.built = null;
      this.changed.fire();
    }, REFRESH_DELAY_MS);
  }

  /** Files that currently have stats (from the last build). */
  get knownFiles(): ReadonlySet<string> {
    return new Set(this.last.keys());
  }

  async forFile(uri: vscode.Uri): Promise<FileCodeStats | undefined> {
    if (uri.scheme !== 'file') return undefined;
    return (await this.index()).get(fileKey(uri));
  }

  private index(): Promise<Map<string, FileCodeStats>> {
    if (!this.built) {
      const building = this.build();
      this.built = building;
      building.then((m) => { if (this.built === building) this.last = m; }, () => { if (this.built === building) this.built = null; });
    }
    return this.built;
  }

  private async build(): Promise<Map<string, FileCodeStats>> {
    const store = this.store();
    if (!store) return new Map();
    const stats = await store.codeLocationStats();
    if (stats.length === 0) return new Map();
    const resolved = await this.resolver.resolveAll([...new Set(stats.map((s) => s.codeFile))]);
    return indexStatsByFile(stats, (recorded) => {
      const uri = resolved.get(recorded);
      return uri ? fileKey(uri) : null;
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
