/**
 * Where in the source a span was emitted: from the `code.*` attributes (current and pre-1.30 names),
 * else from a stack trace (`code.stacktrace`, or the `exception` event's `exception.stacktrace`).
 */
import type { Attributes, CodeLocation } from '../model/types';
import { firstInt, firstString, readString } from './attributes';
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

/** The part of a span this needs: a NormalizedSpan or a raw span both fit. */
export interface CodeLocatable {
  attributes: Attributes;
  events?: ReadonlyArray<{ name: string; attributes: Attributes }>;
  code?: CodeLocation | null;
}

export interface ExtractCodeLocationOptions {
  /** Accepts a recorded path that belongs to the workspace (e.g. one mapPathToWorkspace can resolve). */
  isWorkspacePath?: (recordedPath: string) => boolean;
}

const FILE_KEYS = ['code.file.path', 'code.filepath'] as const;
const LINE_KEYS = ['code.line.number', 'code.lineno'] as const;
const COLUMN_KEYS = ['code.column.number', 'code.column'] as const;

export function extractCodeLocation(
  span: CodeLocatable,
  options: ExtractCodeLocationOptions = {},
): ExtractedCodeLocation | null {
  const attrs = span.attributes ?? {};
  const fromAttrs = locationFromAttributes(attrs) ?? locationFromNormalized(span.code ?? null);
  if (fromAttrs?.filePath) return fromAttrs;

  const stack = readString(attrs, 'code.stacktrace');
  const fromStack = stack ? pickFrame(parseStackFrames(stack), 'stacktrace', options) : null;
  if (fromStack) return fromStack;

  for (const event of span.events ?? []) {
    if (event.name !== 'exception') continue;
    const trace = readString(event.attributes ?? {}, 'exception.stacktrace');
    const picked = trace ? pickFrame(parseStackFrames(trace), 'exception', options) : null;
    if (picked) return picked;
  }
  // The normalizer copies code.stacktrace (or the exception's) here; used when the span came without events.
  const normalizedStack = span.code?.stacktrace ?? null;
  const fromNormalized = normalizedStack ? pickFrame(parseStackFrames(normalizedStack), 'stacktrace', options) : null;
  if (fromNormalized) return fromNormalized;
  // A function name alone still helps a literal/symbol search.
  return fromAttrs;
}

function functionName(attrs: Attributes): string | null {
  const current = readString(attrs, 'code.function.name');
  if (current) return current;
  const fn = readString(attrs, 'code.function');
  if (!fn) return null;
  const ns = readString(attrs, 'code.namespace');
  return ns ? `${ns}.${fn}` : fn;
}

function locationFromAttributes(attrs: Attributes): ExtractedCodeLocation | null {
  const filePath = firstString(attrs, FILE_KEYS);
  const fn = functionName(attrs);
  if (!filePath && !fn) return null;
  return {
    filePath,
    line: firstInt(attrs, LINE_KEYS),
    column: firstInt(attrs, COLUMN_KEYS),
    function: fn,
    source: 'attributes',
    inWorkspace: true,
  };
}

function locationFromNormalized(code: CodeLocation | null): ExtractedCodeLocation | null {
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
