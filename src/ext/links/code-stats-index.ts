// Store stats per workspace file, for CodeLens, hovers and gutter marks. Built lazily from one store
// query, mapped onto workspace files, rebuilt after store changes settle (the old index serves until
// then). Files no span names cost a Map miss.
import * as vscode from 'vscode';
import { indexStatsByFile, type FileStats } from '../../core/links/code-index';
import type { CodeLocationStat } from '../../core/model/store-types';
import type { LinksStore } from '../../core/store/views';
import { fileKey, type PathResolver } from './workspace';

export type FileCodeStats = FileStats<CodeLocationStat>;

/** Quiet time after the last store change before the index is rebuilt. */
const REFRESH_DELAY_MS = 2000;
/** Under steady ingest the rebuild still runs at least this often. */
const REFRESH_MAX_WAIT_MS = 6000;

export class CodeStatsIndex implements vscode.Disposable {
  /** The index served to callers (the previous one while a refresh builds). */
  private built: Promise<Map<string, FileCodeStats>> | null = null;
  private refreshing: Promise<Map<string, FileCodeStats>> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private firstPendingAt = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced) after the store or the path mapping changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: () => LinksStore | null,
    private readonly resolver: PathResolver,
  ) {}

  /**
   * The stats are out of date. With `debounce` (store ingest) the current index keeps serving and one
   * rebuild runs once changes pause; without (mappings changed, store replaced) it is dropped now.
   */
  invalidate(debounce = true): void {
    if (!debounce) {
      this.cancelTimer();
      this.built = null;
      this.refreshing = null;
      this.changed.fire();
      return;
    }
    const now = Date.now();
    if (!this.timer) this.firstPendingAt = now;
    this.cancelTimer();
    const wait = Math.max(0, Math.min(REFRESH_DELAY_MS, this.firstPendingAt + REFRESH_MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, wait);
  }

  async forFile(uri: vscode.Uri): Promise<FileCodeStats | undefined> {
    if (uri.scheme !== 'file') return undefined;
    return (await this.index()).get(fileKey(uri));
  }

  private index(): Promise<Map<string, FileCodeStats>> {
    if (!this.built) {
      const building = this.build();
      this.built = building;
      building.catch(() => { if (this.built === building) this.built = null; });
    }
    return this.built;
  }

  /** Build the new index in the background; swap it in (and tell listeners) once it is ready. */
  private refresh(): void {
    if (!this.built) {
      // Nobody asked for the index yet: nothing to keep serving, listeners ask again.
      this.changed.fire();
      return;
    }
    const building = this.build();
    this.refreshing = building;
    building.then((m) => {
      if (this.refreshing !== building) return;
      this.refreshing = null;
      this.built = Promise.resolve(m);
      this.changed.fire();
    }, () => {
      if (this.refreshing !== building) return;
      this.refreshing = null;
      this.built = null;
      this.changed.fire();
    });
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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
    this.cancelTimer();
    this.refreshing = null;
    this.changed.dispose();
  }
}
