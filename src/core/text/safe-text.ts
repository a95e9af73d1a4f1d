// One way out for recorded text. Span content (names, ids, attribute keys and values, messages, errors,
// paths) is written by the traced agent and may try to pass for the reader's own text: terminal escapes,
// bidirectional overrides, zero-width and tag characters that hide instructions, or line breaks that fake
// a line of the server's. Everything recorded goes through cleanText before it is shown anywhere.

/**
 * Invisible or layout-changing characters: controls, format characters (bidi marks and overrides, zero-width
 * characters, U+2060, U+FEFF, U+061C, the tag characters U+E0000–E007F), surrogate halves, line and paragraph
 * separators, invisible fillers and the variation selector blocks. Shown as a visible escape instead.
 */
const UNSAFE_CHAR = /^[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\ufff0-\ufff8\u{e0000}-\u{e0fff}]$/u;
const SPACE = /^\s$/u;
const OPEN_QUOTE = 0x27e6; // ⟦, the data quotes' bracket (src/core/agent-tools/quote.ts)
const CLOSE_QUOTE = 0x27e7; // ⟧

export interface Cleaned {
  text: string;
  /** Characters of the source left out past the cap (0 when it was kept whole). */
  omitted: number;
}

export type CleanMode =
  /** One line: every run of whitespace (newlines included) becomes one space, ends trimmed. */
  | 'line'
  /** Several lines: newlines kept (CR LF and CR become LF), tabs kept. */
  | 'lines';

function isVariationSelector(cp: number): boolean {
  return (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
}

/** `\u{1B}`: visible, ASCII, and never a character the reader's terminal or model would act on. */
function escaped(cp: number): string {
  return `\\u{${cp.toString(16).toUpperCase()}}`;
}

/**
 * The source made safe to show, at most `maxChars` characters long. Unsafe characters become visible escapes
 * (a single emoji variation selector U+FE0E/U+FE0F right after a visible character is kept), the quote
 * brackets ⟦ ⟧ become [ ], other spaces become a plain space. Linear in the characters kept.
 */
export function cleanText(source: string, maxChars: number, mode: CleanMode): Cleaned {
  let out = '';
  let i = 0;
  let pendingSpace = false;
  let afterVisible = false;
  while (i < source.length) {
    const cp = source.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    let piece: string;
    let visible = false;
    if (cp >= 0x21 && cp < 0x7f) {
      piece = source[i]!;
      visible = true;
    } else if (cp === 0x0a || cp === 0x0d || cp === 0x09 || cp === 0x20 || (cp > 0x7f && !UNSAFE_CHAR.test(String.fromCodePoint(cp)) && SPACE.test(String.fromCodePoint(cp)))) {
      if (mode === 'line') {
        pendingSpace = out.length > 0;
        i += width;
        afterVisible = false;
        continue;
      }
      piece = cp === 0x0d || cp === 0x0a ? '\n' : cp === 0x09 ? '\t' : ' ';
      if (cp === 0x0d && source.charCodeAt(i + 1) === 0x0a) i++;
    } else if (cp === OPEN_QUOTE || cp === CLOSE_QUOTE) {
      piece = cp === OPEN_QUOTE ? '[' : ']';
      visible = true;
    } else if ((cp === 0xfe0e || cp === 0xfe0f) && afterVisible) {
      piece = String.fromCodePoint(cp);
    } else if (isVariationSelector(cp) || UNSAFE_CHAR.test(String.fromCodePoint(cp))) {
      piece = escaped(cp);
    } else {
      piece = String.fromCodePoint(cp);
      visible = true;
    }
    const space = pendingSpace ? 1 : 0;
    if (out.length + space + piece.length > maxChars) break;
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += piece;
    afterVisible = visible;
    i += width;
  }
  let omitted = source.length - i;
  if (omitted > 0 && mode === 'line' && /^\s*$/.test(source.slice(i))) omitted = 0;
  return { text: out, omitted };
}

/** One safe line, cut at `maxChars` with an ellipsis. */
export function safeLine(source: string, maxChars: number): string {
  const { text, omitted } = cleanText(source, maxChars, 'line');
  return omitted > 0 ? `${text}…` : text;
}

/** Names that can be shown bare: one word of letters, digits and . _ - / : @ # + = (no spaces, nothing sentence-like). */
const BARE_LABEL = /^[\p{L}\p{N}._\-/:@#+=]+$/u;

export function isBareLabel(text: string): boolean {
  return BARE_LABEL.test(text);
}

/**
 * A recorded name for plain-text output (the CLI, resource titles): bare when it is one identifier-like word,
 * else between ⟦ and ⟧, which cleaned text cannot contain, so it reads as a value and never as the program's
 * own words.
 */
export function labelText(source: string, maxChars = 80): string {
  const line = safeLine(source, maxChars);
  return isBareLabel(line) ? line : `\u27e6${line}\u27e7`;
}
