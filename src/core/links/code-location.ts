/**
 * Where in the source a span was emitted: from its normalized `code` location (the model reads the `code.*`
 * attributes, current and pre-1.30 names, in core/model/code-location.ts), else from a stack trace (`code.stacktrace`,
 * or an `exception` event's `exception.stacktrace`).
 */
import type { Attributes, CodeLocation } from '../model/types';
import { readString } from './attributes';
import { isRuntimeFrame, parseStackFrames, type StackFrame } from './stack-frames';

export type CodeLocationSource = 'attributes' | 'stacktrace' | 'exception';

export interface ExtractedCodeLocation {
  /** As recorded (may be a container path, a file:// URI, a Windows path): map it with mapPathToWorkspace. */
  filePath: string | null;
  /** 1-based, as OTel records it. */
  line: number | null;
  column: number | null;
  function: string | null;
  source: CodeLocationSource;
  /** False when a stack had no frame the workspace predicate accepted and the first non-runtime frame was used. */
  inWorkspace: boolean;
}

/** The part of a normalized span this needs. */
export interface CodeLocatable {
  code: CodeLocation | null;
  events?: ReadonlyArray<{ name: string; attributes: Attributes }>;
}

export interface ExtractCodeLocationOptions {
  /** Accepts a recorded path that belongs to the workspace (e.g. one mapPathToWorkspace can resolve). */
  isWorkspacePath?: (recordedPath: string) => boolean;
}

export function extractCodeLocation(
  span: CodeLocatable,
  options: ExtractCodeLocationOptions = {},
): ExtractedCodeLocation | null {
  const fromAttrs = locationFromCode(span.code);
  if (fromAttrs?.filePath) return fromAttrs;

  // code.stacktrace, or (the normalizer's fallback) the first exception event's stack.
  const stack = span.code?.stacktrace ?? null;
  const fromStack = stack ? pickFrame(parseStackFrames(stack), 'stacktrace', options) : null;
  if (fromStack) return fromStack;

  // Without any code.* attribute the span has no `code`; an exception event may still name the place.
  for (const event of span.events ?? []) {
    if (event.name !== 'exception') continue;
    const trace = readString(event.attributes ?? {}, 'exception.stacktrace');
    const picked = trace ? pickFrame(parseStackFrames(trace), 'exception', options) : null;
    if (picked) return picked;
  }
  // A function name alone still helps a literal/symbol search.
  return fromAttrs;
}

function locationFromCode(code: CodeLocation | null): ExtractedCodeLocation | null {
  if (!code || (!code.filePath && !code.function)) return null;
  return {
    filePath: code.filePath,
    line: code.line,
    column: code.column,
    function: code.function,
    source: 'attributes',
    inWorkspace: true,
  };
}

function pickFrame(
  frames: StackFrame[],
  source: CodeLocationSource,
  options: ExtractCodeLocationOptions,
): ExtractedCodeLocation | null {
  const candidates = frames.filter((f) => !isRuntimeFrame(f));
  const accept = options.isWorkspacePath;
  const inWorkspace = accept ? candidates.find((f) => accept(f.filePath)) : candidates[0];
  const chosen = inWorkspace ?? candidates[0];
  if (!chosen) return null;
  return {
    filePath: chosen.filePath,
    line: chosen.line,
    column: chosen.column,
    function: chosen.function,
    source,
    inWorkspace: inWorkspace !== undefined,
  };
}
