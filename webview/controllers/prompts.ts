// The Prompts view's state and behaviour: the scorecards, the picked versions, an open cohort comparison, and the
// requests behind them (kept current while the store changes). The navigator enters and leaves it (route `prompts`).
import type { CohortComparison } from '../../src/core/quality';
import {
  ComparePromptVersions, GetPromptScorecards, type PromptScorecardsResult, type ShowPromptsParams,
} from '../../src/protocol/messages';
import type { EnterHow, RouteOf } from '../navigation';
import { parseKey, togglePick, versionKey, type VersionKey } from '../model/prompts';
import { renderPromptsView } from '../views/promptsView';
import type { SendRequest, StoreChange, ViewController } from './view';

const REFRESH_DELAY_MS = 1000;

export interface PromptsHost {
  requestUpdate(): void;
  /** "Back to traces". */
  showList(): void;
  showTrace(traceId: string): void;
}

export class PromptsController implements ViewController<RouteOf<'prompts'>> {
  private open_ = false;
  private result: PromptScorecardsResult | null = null;
  private error: string | null = null;
  private focus: { promptName: string; version: string | null | undefined } | null = null;
  private picked: VersionKey[] = [];
  private comparison: CohortComparison | null = null;
  private comparisonError: string | null = null;
  private seq = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: PromptsHost, private readonly send: SendRequest) {}

  get isOpen(): boolean {
    return this.open_;
  }

  enter(route: RouteOf<'prompts'>, how: EnterHow): void {
    // "Back" from a trace opened here: keep the scorecards, picks and comparison, and refresh them.
    if (how === 'back' && this.result) {
      this.open_ = true;
      this.storeChanged({ data: true, decorations: false });
      this.host.requestUpdate();
      return;
    }
    void this.open(route.params);
  }

  leave(): void {
    this.close();
  }

  measure(_root: ParentNode): void {
    // Not virtualized: nothing to read.
  }

  afterRender(_root: ParentNode): boolean {
    return false;
  }

  async open(params: ShowPromptsParams = {}): Promise<void> {
    this.open_ = true;
    this.focus = params.promptName ? { promptName: params.promptName, version: params.version } : null;
    this.comparison = null;
    this.comparisonError = null;
    this.picked = params.promptName && params.version !== undefined ? [versionKey(params.promptName, params.version)] : [];
    this.host.requestUpdate();
    await this.load();
    if (params.compare) {
      this.picked = [versionKey(params.compare.promptName, params.compare.versionA), versionKey(params.compare.promptName, params.compare.versionB)];
      await this.compare();
    }
  }

  close(): void {
    this.open_ = false;
    this.seq++;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  /** New traces or contract verdicts: reload the scorecards soon (an open comparison is recomputed too). */
  storeChanged(_change: StoreChange): void {
    if (!this.open_ || this.refreshTimer !== undefined) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.load().then(() => (this.comparison ? this.compare() : undefined));
    }, REFRESH_DELAY_MS);
  }

  render(): unknown {
    return renderPromptsView({
      result: this.result,
      error: this.error,
      focus: this.focus,
      picked: this.picked,
      comparison: this.comparison,
      comparisonError: this.comparisonError,
      onBack: () => this.host.showList(),
      onPick: (promptName, version) => {
        this.picked = togglePick(this.picked, versionKey(promptName, version));
        this.host.requestUpdate();
      },
      onCompare: () => void this.compare(),
      onCloseComparison: () => {
        this.comparison = null;
        this.host.requestUpdate();
      },
      onOpenTrace: (traceId) => this.host.showTrace(traceId),
    });
  }

  private async load(): Promise<void> {
    const seq = ++this.seq;
    try {
      const result = await this.send(GetPromptScorecards, {});
      if (seq !== this.seq) return;
      this.result = result;
      this.error = null;
    } catch (e) {
      if (seq !== this.seq) return;
      this.error = `Could not load the prompt scorecards: ${(e as Error).message}`;
    }
    this.host.requestUpdate();
  }

  private async compare(): Promise<void> {
    if (this.picked.length !== 2) return;
    const [a, b] = this.picked.map(parseKey) as [ReturnType<typeof parseKey>, ReturnType<typeof parseKey>];
    const seq = this.seq;
    try {
      const comparison = await this.send(ComparePromptVersions, { promptName: a.promptName, versionA: a.version, versionB: b.version });
      if (seq !== this.seq) return;
      this.comparison = comparison;
      this.comparisonError = comparison ? null : 'One of these versions has no runs any more.';
    } catch (e) {
      if (seq !== this.seq) return;
      this.comparisonError = `Could not compare: ${(e as Error).message}`;
    }
    this.host.requestUpdate();
  }
}
