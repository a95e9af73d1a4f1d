// The Replay tab's state and behaviour: the recorded call (GetReplaySetup), the edit form, runs streamed in from
// the host (ReplayProgress) and their comparison with the original. The navigator enters it (route `replay`).
import {
  CancelReplay, GetReplaySetup, OpenInEditor, PickReplayPrompt, RunReplay, type ActionResult, type ReplayProgressEvent,
  type ReplayPromptChoice, type ReplayRunOutcome,
  type ReplaySetup, type SpanRef,
} from '../../src/protocol/messages';
import type { RouteOf } from '../navigation';
import { editsFromForm, formFromRequest, type ParameterName, type ReplayForm } from '../model/replayForm';
import { NO_RUNS, applyProgress, newRunId, startRuns, withResults, type RunsState } from '../model/replayRuns';
import { renderReplayView } from '../views/replayView';
import type { SendNotification, SendRequest, ViewController } from './view';

export interface ReplayHost {
  requestUpdate(): void;
  run(action: Promise<ActionResult>): Promise<void>;
}

/** Most runs "Run ×N" offers. */
export const MAX_RUNS = 20;

export class ReplayController implements ViewController<RouteOf<'replay'>> {
  private ref: SpanRef | null = null;
  private setup: ReplaySetup | null = null;
  private loadError: string | null = null;
  private form: ReplayForm | null = null;
  private formErrors: string[] = [];
  private runsWanted = 3;
  private runs: RunsState = NO_RUNS;
  private running = false;
  private outcome: ReplayRunOutcome | null = null;
  private runError: string | null = null;
  private seq = 0;
  /** The prompt file version last put into the fields ("Use Prompt File…"). */
  private prompt: ReplayPromptChoice | null = null;
  /** When the tab was asked to show the call, and how long until it first showed it (ms). */
  private enteredAt = 0;
  private openMs: number | null = null;

  constructor(private readonly host: ReplayHost, private readonly send: SendRequest, private readonly notify: SendNotification) {}

  /** What the tab shows (tests read it). */
  get shown(): {
    form: ReplayForm | null; formErrors: string[]; runs: RunsState; running: boolean; outcome: ReplayRunOutcome | null;
    error: string | null; prompt: ReplayPromptChoice | null;
  } {
    return {
      form: this.form, formErrors: this.formErrors, runs: this.runs, running: this.running, outcome: this.outcome,
      error: this.loadError ?? this.runError, prompt: this.prompt,
    };
  }

  enter(route: RouteOf<'replay'>): void {
    if (this.ref && this.ref.traceId === route.ref.traceId && this.ref.spanId === route.ref.spanId && this.setup) return;
    this.ref = route.ref;
    void this.load();
  }

  leave(): void {
    this.seq++;
  }

  storeChanged(): void {
    // The recorded span does not change; runs arrive through their own notifications.
  }

  measure(): void {}

  afterRender(root: ParentNode): boolean {
    if (this.setup && this.openMs === null && root.querySelector('.replay-view')) {
      this.openMs = performance.now() - this.enteredAt;
      root.querySelector<HTMLElement>('.replay-view')?.setAttribute('data-open-ms', this.openMs.toFixed(1));
    }
    return false;
  }

  onProgress(e: ReplayProgressEvent): void {
    const next = applyProgress(this.runs, e);
    if (next === this.runs) return;
    this.runs = next;
    this.host.requestUpdate();
  }

  private async load(): Promise<void> {
    const ref = this.ref;
    if (!ref) return;
    const seq = ++this.seq;
    this.enteredAt = performance.now();
    this.openMs = null;
    this.setup = null;
    this.form = null;
    this.loadError = null;
    this.host.requestUpdate();
    try {
      const setup = await this.send(GetReplaySetup, ref);
      if (seq !== this.seq) return;
      if (!setup) this.loadError = 'This span is not a stored model call (it may have been cleared).';
      else {
        this.setup = setup;
        this.form = formFromRequest(setup.request);
      }
    } catch (e) {
      if (seq === this.seq) this.loadError = (e as Error).message;
    }
    this.host.requestUpdate();
  }

  edit(change: (form: ReplayForm) => ReplayForm): void {
    if (!this.form) return;
    this.form = change(this.form);
    this.formErrors = [];
    this.host.requestUpdate();
  }

  async runTimes(times: number): Promise<void> {
    const { setup, form, ref } = this;
    if (!setup || !form || !ref || this.running) return;
    const { edits, errors } = editsFromForm(setup.request, form);
    this.formErrors = errors;
    if (errors.length > 0) {
      this.host.requestUpdate();
      return;
    }
    const runId = newRunId();
    this.runs = startRuns(runId, times);
    this.running = true;
    this.outcome = null;
    this.runError = null;
    this.host.requestUpdate();
    try {
      const outcome = await this.send(RunReplay, { ref, runId, edits, runs: times });
      if (this.runs.runId !== runId) return;
      this.outcome = outcome;
      this.runs = withResults(this.runs, outcome.runs);
      if (!outcome.ok && outcome.runs.length === 0) this.runError = outcome.message ?? 'Nothing was run.';
    } catch (e) {
      if (this.runs.runId === runId) this.runError = (e as Error).message;
    } finally {
      if (this.runs.runId === runId) this.running = false;
      this.host.requestUpdate();
    }
  }

  /** "Use Prompt File…": the host asks for the version and renders it; its texts replace the fields'. */
  async usePromptFile(): Promise<void> {
    const ref = this.ref;
    if (!ref || !this.form || this.running) return;
    try {
      const choice = await this.send(PickReplayPrompt, ref);
      if (!choice || !this.form || ref !== this.ref) return;
      this.prompt = choice;
      this.edit((f) => ({ ...f, system: choice.system, messages: f.messages.map((t, i) => choice.messages[i] ?? t) }));
    } catch (e) {
      this.runError = (e as Error).message;
      this.host.requestUpdate();
    }
  }

  private cancel(): void {
    if (this.runs.runId) this.notify(CancelReplay, { runId: this.runs.runId });
  }

  reset(): void {
    if (!this.setup) return;
    this.form = formFromRequest(this.setup.request);
    this.formErrors = [];
    this.prompt = null;
    this.host.requestUpdate();
  }

  render(): unknown {
    return renderReplayView({
      setup: this.setup,
      loadError: this.loadError,
      form: this.form,
      formErrors: this.formErrors,
      runsWanted: this.runsWanted,
      maxRuns: MAX_RUNS,
      runs: this.runs,
      running: this.running,
      outcome: this.outcome,
      runError: this.runError,
      prompt: this.prompt,
      onUsePromptFile: () => void this.usePromptFile(),
      onProvider: (provider) => this.edit((f) => ({ ...f, provider })),
      onModel: (model) => this.edit((f) => ({ ...f, model })),
      onSystem: (system) => this.edit((f) => ({ ...f, system })),
      onMessage: (index, text) => this.edit((f) => ({ ...f, messages: f.messages.map((t, i) => (i === index ? text : t)) })),
      onParameter: (name: ParameterName, text) => this.edit((f) => ({ ...f, parameters: { ...f.parameters, [name]: text } })),
      onRunsWanted: (n) => {
        this.runsWanted = Math.max(2, Math.min(MAX_RUNS, Math.floor(n) || 2));
        this.host.requestUpdate();
      },
      onRun: () => void this.runTimes(1),
      onRunMany: () => void this.runTimes(this.runsWanted),
      onCancel: () => this.cancel(),
      onReset: () => this.reset(),
      onOpenTrace: (traceId, spanId) => void this.host.run(this.send(OpenInEditor, { traceId, spanId })),
    });
  }
}
