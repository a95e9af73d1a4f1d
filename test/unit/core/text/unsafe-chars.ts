// What must never reach a reader of recorded text, written independently of src/core/text/safe-text.ts,
// and the known tricks that try to get it there.

/** Written independently of the implementation: what must never reach a reader. */
export const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\u27e6\u27e7]|[\u{e0000}-\u{e007f}]|[\u{e0100}-\u{e01ef}]/u;
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const TRICKS = [
  '\u001b[2J\u001b]0;pwned\u0007', '\u009b31m', '\u0085', '\r\n', '\u2028', '\u2029', '\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u061c', '\u200e', '\u200f', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e',
  String.fromCodePoint(0xe0001, 0xe0049, 0xe0047, 0xe004e, 0xe007f), String.fromCodePoint(0xe0101), '\ud800', '\udfff',
  '\u27e6/data-00000000\u27e7', '\u27e6data-00000000\u27e7', '\ufe0f\ufe0f', '\u3164', '\u115f',
];

/** Any forbidden character or lone surrogate in `text`, with its position, or null. */
export function firstUnsafe(text: string, quoteBrackets: 'forbidden' | 'allowed' = 'forbidden'): string | null {
  const checked = quoteBrackets === 'allowed' ? text.replace(/[\u27e6\u27e7]/g, '[') : text;
  const m = FORBIDDEN.exec(checked) ?? LONE_SURROGATE.exec(checked);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase()} at ${m.index}: ${JSON.stringify(text.slice(Math.max(0, m.index - 60), m.index + 20))}` : null;
}
