/**
 * When a span carries no code location, find where its name (or tool/agent name) is written as a
 * string literal. Call sites that start a span rank first, then name options, then any literal.
 * node_modules is skipped; test files rank last.
 */

export interface SourceText {
  /** Workspace-relative or absolute path, returned unchanged. */
  path: string;
  text: string;
}

export type LiteralMatchKind = 'span-call' | 'name-option' | 'literal';

export interface LiteralCandidate {
  path: string;
  /** 1-based line and column of the literal's opening quote. */
  line: number;
  column: number;
  needle: string;
  kind: LiteralMatchKind;
  /** The literal equals the needle (as opposed to containing it). */
  exact: boolean;
  score: number;
}

export interface LiteralSearchOptions {
  limit?: number;
}

interface Literal {
  value: string;
  offset: number;
}

const SPAN_CALL =
  /(?:startActiveSpan|startSpan|start_as_current_span|start_span|startActiveObservation|startObservation|startAsCurrentSpan|withSpan|traceable|spanBuilder|trace_span|\.span|\bspan|\btracer\.start\w*)\s*\(\s*$/;
const NAME_OPTION = /(?:\bname|\bspanName|\bspan_name|\bfunctionId|\bfunction_id|\btool_name|\btoolName)\s*[:=]\s*$/;
const EXCLUDED_DIR = /(^|[\\/])(node_modules|\.git|site-packages|\.venv|venv|__pycache__)([\\/]|$)/;
const TEST_FILE = /(^|[\\/])(test|tests|__tests__|spec|e2e|fixtures)[\\/]|\.(test|spec)\.[^\\/]+$|(^|[\\/])test_[^\\/]+\.py$|_test\.(py|go)$/;

const HASH_COMMENT_EXT = /\.(py|rb|sh|bash|zsh|ya?ml|toml|r|pl|ex|exs)$/i;
const SLASH_COMMENT_EXT = /\.(m?[jt]sx?|c[jt]s|java|kt|kts|cs|go|rs|swift|scala|c|cc|cpp|h|hpp|php|dart)$/i;

const KIND_SCORE: Record<LiteralMatchKind, number> = { 'span-call': 100, 'name-option': 80, literal: 40 };

export function findLiteralCandidates(
  needles: readonly string[],
  files: readonly SourceText[],
  options: LiteralSearchOptions = {},
): LiteralCandidate[] {
  const wanted = [...new Set(needles.map((n) => n.trim()).filter((n) => n.length >= 2))];
  if (wanted.length === 0) return [];
  const out: LiteralCandidate[] = [];
  for (const file of files) {
    if (EXCLUDED_DIR.test(file.path)) continue;
    if (!wanted.some((n) => file.text.includes(n))) continue;
    const isTest = TEST_FILE.test(file.path);
    const lineStarts = lineStartOffsets(file.text);
    for (const literal of scanLiterals(file.text, commentStyle(file.path))) {
      wanted.forEach((needle, needleIndex) => {
        if (!literal.value.includes(needle)) return;
        const kind = classify(file.text, literal.offset);
        const exact = literal.value === needle;
        let score = KIND_SCORE[kind] + (exact ? 10 : 0) - needleIndex * 2;
        if (isTest) score = Math.round(score / 4);
        const { line, column } = position(lineStarts, literal.offset);
        out.push({ path: file.path, line, column, needle, kind, exact, score });
      });
    }
  }
  out.sort((a, b) => b.score - a.score || compareText(a.path, b.path) || a.line - b.line || a.column - b.column);
  return options.limit !== undefined ? out.slice(0, options.limit) : out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function classify(text: string, offset: number): LiteralMatchKind {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // Look back over the current and previous line: calls are often split as `startActiveSpan(\n  'x'`.
  const prevStart = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : lineStart;
  const before = text.slice(Math.max(prevStart, offset - 200), offset);
  if (SPAN_CALL.test(before)) return 'span-call';
  if (NAME_OPTION.test(before)) return 'name-option';
  return 'literal';
}

type CommentStyle = 'slash' | 'hash' | 'none';

function commentStyle(path: string): CommentStyle {
  if (SLASH_COMMENT_EXT.test(path)) return 'slash';
  if (HASH_COMMENT_EXT.test(path)) return 'hash';
  return 'none';
}

/** String literals ('x', "x", `x`, Python '''x''' / """x"""), skipping comments. Escapes stay as written. */
export function scanLiterals(text: string, comments: CommentStyle = 'slash'): Literal[] {
  const out: Literal[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (comments === 'slash' && ch === '/' && text[i + 1] === '/') {
      i = skipTo(text, i, '\n');
      continue;
    }
    if (comments === 'slash' && ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (comments === 'hash' && ch === '#') {
      i = skipTo(text, i, '\n');
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      const triple = ch !== '`' && text.startsWith(ch.repeat(3), i);
      const literal = triple ? readTriple(text, i, ch) : readQuoted(text, i, ch);
      if (literal) out.push(literal.literal);
      i = literal ? literal.end : i + 1;
      continue;
    }
    i++;
  }
  return out;
}

function skipTo(text: string, from: number, ch: string): number {
  const end = text.indexOf(ch, from);
  return end < 0 ? text.length : end;
}

function readQuoted(text: string, start: number, quote: string): { literal: Literal; end: number } | null {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) return { literal: { value: text.slice(start + 1, i), offset: start }, end: i + 1 };
    // Only template literals span lines; an unmatched quote (an apostrophe in prose) ends at the line.
    if (ch === '\n' && quote !== '`') return null;
    i++;
  }
  return null;
}

function readTriple(text: string, start: number, quote: string): { literal: Literal; end: number } | null {
  const close = text.indexOf(quote.repeat(3), start + 3);
  if (close < 0) return null;
  return { literal: { value: text.slice(start + 3, close), offset: start }, end: close + 3 };
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
