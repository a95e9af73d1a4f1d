// The Replay tab: a recorded model call shown as the request it was, edited, run again through the host (the
// answer streams in as notifications) and compared with the original.
import type { ReplayComparison, RunSpread } from '../../core/compare';
import type { ReplayEdits } from '../../core/replay/edits';
import type { ReplayErrorKind } from '../../core/replay/providers/errors';
import type { ReplayProvider, ReplayRequest } from '../../core/replay/types';
import { hostNotification, pageNotification, pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';
import type { SpanRef } from './traces';

/** What the span answered, for the tab's "recorded answer" and the comparison's left side. */
export interface RecordedAnswer {
  text: string;
  finishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
}

/** A recorded call ready to edit: the request with its marks, and where each API would be sent. */
export interface ReplaySetup {
  request: ReplayRequest;
  answer: RecordedAnswer;
  /** The endpoint each API is sent to (from user settings, else the provider's own). */
  endpoints: Record<ReplayProvider, string>;
}

export interface ReplayRunParams {
  ref: SpanRef;
  /** Chosen by the page; names this run's progress notifications. */
  runId: string;
  edits: ReplayEdits;
  /** 1 to 20. */
  runs: number;
}

/** One finished run, as stored. */
export interface ReplayRunView {
  run: number;
  traceId: string;
  spanId: string;
  ok: boolean;
  /** The answer's text (what streamed before a failure, for a failed run). */
  text: string;
  /** Tool calls in the answer: shown, never executed. */
  toolCalls: Array<{ name: string; arguments: string }>;
  error: {
    kind: ReplayErrorKind; message: string; status: number | null; retryAfterSeconds: number | null;
    /** The user stopped it (Stop). */
    stopped?: boolean;
  } | null;
  finishReason: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  /** Original vs this run (null when the stored run could not be read back). */
  comparison: ReplayComparison | null;
  /** Parameters the API has no place for, values it required. */
  notes: string[];
}

export interface ReplayRunOutcome extends ActionResult {
  /** The endpoint the runs went to. */
  endpoint?: string;
  /** What the edits did, in words. */
  applied?: string[];
  runs: ReplayRunView[];
  /** For Run ×N: distinct answers, tokens, cost and latency across the runs. */
  spread: RunSpread | null;
}

export type ReplayProgressEvent =
  | { runId: string; run: number; runs: number; type: 'start' }
  | { runId: string; run: number; runs: number; type: 'text'; delta: string }
  | { runId: string; run: number; runs: number; type: 'end'; result: ReplayRunView };

/** The tree row's or the details header's "Replay…": open the span's Replay tab. */
export const OpenReplay = pageRequest<SpanRef, ActionResult>('replay/open');
/** The recorded call as an editable request; null when the span is gone or is not a model call. */
export const GetReplaySetup = pageRequest<SpanRef, ReplaySetup | null>('replay/setup');
/** Run the edited call (asks for the key and the endpoint confirmation as the palette command does). */
export const RunReplay = pageRequest<ReplayRunParams, ReplayRunOutcome>('replay/run');
/** Stop a run (and the runs after it). */
export const CancelReplay = pageNotification<{ runId: string }>('replay/cancel');
export const ReplayProgress = hostNotification<ReplayProgressEvent>('replay/progress');
/** Show the Replay tab for this span. */
export const ShowReplay = hostNotification<SpanRef>('replay/show');

/** A prompt file's version rendered with the span's recorded variables, as the tab's new field texts. */
export interface ReplayPromptChoice {
  /** The file and version, in words (`prompts/refund.md v3, from git 1a2b3c4d`). */
  label: string;
  system: string;
  /** Every message's text after the template was placed. */
  messages: string[];
  /** Where it went and which variables it filled (or could not). */
  applied: string[];
  /** Placeholders the span recorded no value for. */
  marks: ReplayRequest['marks'];
}

/** "Use Prompt File…": the host asks which version (the trace's, the workspace's, another file) and renders it. */
export const PickReplayPrompt = pageRequest<SpanRef, ReplayPromptChoice | null>('replay/pickPrompt');
