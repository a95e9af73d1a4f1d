// Span ↔ code ↔ prompt: opening a span's source or prompt, the prompt's status, and a code location's spans.
import type { SpanStructure } from '../../core/model/store-types';
import { hostNotification, pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';
import type { SpanRef } from './traces';

/** What a CodeLens click asks the panel to show: the spans one source line emitted. */
export interface CodeSpanFilter {
  spanName: string;
  /** Recorded file paths (as the store holds them) that map onto the clicked file. */
  codeFiles: string[];
  codeLine: number | null;
  latest: SpanRef;
}

/** The spans of one code location, newest first, as the panel lists them. */
export interface CodeSpansResult {
  spans: SpanStructure[];
  /** More spans matched than were returned. */
  truncated: boolean;
}

/** How the span's prompt relates to the workspace's prompt files (for the details' Prompt section). */
export interface PromptStatus {
  /** A prompt file of the trace's version (workspace or git history) or a current one was found. */
  found: boolean;
  currentVersion: string | null;
  /** "trace ran v1, workspace has v2" when the versions differ. */
  gap: string | null;
  /** The trace's version and the workspace's current file differ and can be diffed. */
  diffAvailable: boolean;
  /** The span's recorded template (or, without one, the prompt it sent: system instructions and input) compared with the file. */
  template: 'same' | 'changed' | null;
  /** What `template` compared: the recorded template or the rendered prompt; absent from older hosts. */
  templateSource?: 'template' | 'rendered' | null;
}

export const OpenSource = pageRequest<SpanRef, ActionResult>('span/openSource');
export const OpenPrompt = pageRequest<SpanRef, ActionResult>('span/openPrompt');
export const DiffPrompt = pageRequest<SpanRef, ActionResult>('span/diffPrompt');
export const GetPromptStatus = pageRequest<SpanRef, PromptStatus | null>('span/promptStatus');
export const ListCodeSpans = pageRequest<CodeSpanFilter, CodeSpansResult>('code/spans');
/** List the spans one source line emitted (a CodeLens click). */
export const ShowCodeSpans = hostNotification<CodeSpanFilter>('code/show');
