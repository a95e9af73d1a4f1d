// The quality loop in the editor: evaluation-score badges in the panel, prompt-version scorecards (the Prompts
// view and a CodeLens on prompt files), and alerts. One entry point: registerQuality(context, deps).
import * as vscode from 'vscode';
import type { TraceCheckResult } from '../../core/contracts';
import { evaluationBadgeText, summarizeEvaluations, type Evaluation } from '../../core/model/evaluations';
import {
  ComparePromptVersions, GetPromptScorecards, type Badge, type ShowPromptsParams, type TraceDetail, type TraceRow,
} from '../../protocol/messages';
import type { HostRpc } from '../../protocol/rpc';
import type { PanelDecorator } from '../decorations';
import { PromptFileLensProvider, SHOW_PROMPTS_COMMAND } from './prompt-lens';
import { MAX_SPANS_FOR_SCORES, RunQualityIndex } from './run-quality';
import { ScorecardService } from './scorecards';
import type { QualityStore } from '../../core/store/views';

export { SHOW_PROMPTS_COMMAND } from './prompt-lens';

export interface QualityDeps {
  store(): QualityStore | null;
  /** Store content changed (any change of the service; debounced here). */
  onDidChangeStore(listener: () => void): () => void;
  /** Panel decorations changed (contract results among them). */
  onDidChangeDecorations(listener: () => void): () => void;
  contractResult(traceId: string): TraceCheckResult | undefined;
  registerPanelDecorator(decorator: PanelDecorator): { dispose(): void };
  refreshPanel(): void;
  showPrompts(params: ShowPromptsParams): Promise<void>;
  promptGlobs(): readonly string[];
  codeLensEnabled(): boolean;
}

export interface QualityApi {
  scorecards: ScorecardService;
  runQuality: RunQualityIndex;
  promptLens: PromptFileLensProvider;
}

/** Rows of the list whose scores are read when they are shown (the newest first). */
const LIST_ROWS_SCORED = 100;
const REFRESH_DELAY_MS = 1500;

function scoreBadges(evaluations: readonly Evaluation[]): Badge[] {
  return summarizeEvaluations(evaluations).map((e) => ({
    text: evaluationBadgeText(e),
    severity: 'info' as const,
    tooltip: `Evaluation ${e.name}: ${e.count} result${e.count === 1 ? '' : 's'}${e.meanScore !== null ? `, mean score ${e.meanScore}` : ''}${e.label ? `, label ${e.label}` : ''}`,
  }));
}

export function registerQuality(context: vscode.ExtensionContext, deps: QualityDeps): QualityApi {
  const runQuality = new RunQualityIndex(() => {
    const worker = deps.store();
    return worker ? { getTraceSpans: (id) => worker.getTraceSpans(id), contractResult: deps.contractResult } : null;
  });
  const scorecards = new ScorecardService(() => deps.store(), runQuality);
  const promptLens = new PromptFileLensProvider({
    enabled: deps.codeLensEnabled,
    globs: deps.promptGlobs,
    scorecards: async () => (await scorecards.scorecards()).cards,
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const changed = (): void => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      scorecards.invalidate();
      promptLens.refresh();
    }, REFRESH_DELAY_MS);
  };
  const offStore = deps.onDidChangeStore(changed);
  const offDecorations = deps.onDidChangeDecorations(changed);

  let scoring: Promise<void> | null = null;
  const decorator: PanelDecorator = {
    decorateTraces: (rows: TraceRow[]) => {
      const missing: string[] = [];
      for (const row of rows) {
        const evaluations = runQuality.cachedEvaluations(row.traceId);
        if (evaluations) {
          const badges = scoreBadges(evaluations);
          if (badges.length > 0) row.badges = [...(row.badges ?? []), ...badges];
        } else if (missing.length < LIST_ROWS_SCORED && row.spanCount <= MAX_SPANS_FOR_SCORES) {
          missing.push(row.traceId);
        }
      }
      if (missing.length > 0 && !scoring) {
        scoring = runQuality.prepare(missing).then(() => {
          if (missing.some((id) => (runQuality.cachedEvaluations(id)?.length ?? 0) > 0)) deps.refreshPanel();
        }).finally(() => { scoring = null; });
      }
    },
    decorateTrace: (detail: TraceDetail) => {
      const traceId = detail.summary?.traceId ?? detail.spans[0]?.traceId;
      if (!traceId) return;
      const evaluations = runQuality.cachedEvaluations(traceId);
      if (!evaluations) {
        if (detail.spans.length <= MAX_SPANS_FOR_SCORES) {
          void runQuality.evaluationsOf(traceId).then((list) => { if (list.length > 0) deps.refreshPanel(); });
        }
        return;
      }
      if (evaluations.length === 0) return;
      if (detail.summary) detail.summary.badges = [...(detail.summary.badges ?? []), ...scoreBadges(evaluations)];
      const bySpan = new Map<string, Evaluation[]>();
      for (const e of evaluations) bySpan.set(e.spanId, [...(bySpan.get(e.spanId) ?? []), e]);
      for (const span of detail.spans) {
        const mine = bySpan.get(span.spanId);
        if (mine) span.badges = [...(span.badges ?? []), ...scoreBadges(mine)];
      }
    },
  };
  const offDecorator = deps.registerPanelDecorator(decorator);

  context.subscriptions.push(
    promptLens,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, promptLens),
    vscode.commands.registerCommand(SHOW_PROMPTS_COMMAND, async (params?: ShowPromptsParams) => {
      await deps.showPrompts(params ?? {});
      return true;
    }),
    new vscode.Disposable(() => {
      clearTimeout(timer);
      offStore();
      offDecorations();
      offDecorator.dispose();
    }),
  );
  return { scorecards, runQuality, promptLens };
}

/** The Prompts view's scorecards and version comparisons. */
export function registerPromptHandlers(rpc: HostRpc, scorecards: ScorecardService): void {
  rpc.onRequest(GetPromptScorecards, ({ promptName }) => scorecards.scorecards(promptName));
  rpc.onRequest(ComparePromptVersions, (pair) => scorecards.compare(pair));
}
