// Measures, inside a webview frame, whether text a user needs is on screen: how much of its first characters
// fit in the box it is drawn in (after every clipping ancestor, and less the ellipsis when it is cut), whether
// a text field's placeholder fits, and whether every column of a table can be seen or scrolled to.
import type { FrameLocator } from 'playwright-core';

export interface TextFit {
  selector: string;
  index: number;
  /** The element's whole text. */
  text: string;
  /** How many leading characters were asked for (fewer when the text is shorter). */
  chars: number;
  /** px the leading characters take. */
  need: number;
  /** px of them that can be seen. */
  have: number;
  /** Not drawn at all (display: none, zero size, no text). */
  hidden: boolean;
  /** The whole text fits, no ellipsis. */
  whole: boolean;
}

/** Every element matching `selector`: how much of its first `chars` characters is visible. */
export async function textFits(frame: FrameLocator, selector: string, chars: number): Promise<TextFit[]> {
  await installShim(frame);
  return frame.locator('body').evaluate(measureText, { selector, chars });
}

/** Lines naming each element whose first `chars` characters (all, when shorter) are not all visible. */
export function clipped(fits: readonly TextFit[]): string[] {
  return fits
    .filter((f) => f.hidden || f.have + 0.5 < f.need)
    .map((f) => `${f.selector}[${f.index}] "${f.text}": ${f.hidden ? 'not drawn' : `${f.have.toFixed(0)} of ${f.need.toFixed(0)} px for its first ${f.chars} characters`}`);
}

export interface PlaceholderFit { placeholder: string; need: number; have: number }

/** A vscode-textfield's placeholder: its width and the room inside the input. */
export async function placeholderFit(frame: FrameLocator, selector: string): Promise<PlaceholderFit> {
  await installShim(frame);
  return frame.locator(selector).first().evaluate(measurePlaceholder);
}

export interface ColumnReach { header: string; reachable: boolean; shown: boolean }

/**
 * Each header cell of a table: shown (not dropped), and reachable (inside the visible box, or the box scrolls
 * sideways to it). A column beyond a box that cannot scroll is unreachable.
 */
export async function columnReach(frame: FrameLocator, tableSelector: string): Promise<ColumnReach[]> {
  await installShim(frame);
  return frame.locator(tableSelector).first().evaluate(measureColumns);
}

/** tsx compiles with keepNames (`__name(fn, "name")` around named functions): the frame needs a stand-in. */
async function installShim(frame: FrameLocator): Promise<void> {
  await frame.locator('body').evaluate('void (globalThis.__name ??= (fn) => fn)');
}

// ---- runs inside the webview frame (self-contained) ------------------------------------------------

function measureText(_body: Element, args: { selector: string; chars: number }): TextFit[] {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  return Array.from(document.querySelectorAll(args.selector)).map((el, index): TextFit => {
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const base = { selector: args.selector, index, text };
    const box = el.getBoundingClientRect();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let node: Text | null = null;
    let start = 0;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').search(/\S/);
      if (at >= 0) {
        node = n as Text;
        start = at;
        break;
      }
    }
    if (!node || box.width === 0 || box.height === 0) {
      return { ...base, chars: 0, need: 1, have: 0, hidden: true, whole: false };
    }
    const chars = Math.min(args.chars, node.length - start);
    // Where the text starts (its first character is laid out even when the rest is cut), and the width its
    // leading characters need in their font: measured apart from the layout, which an ellipsis shortens.
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + 1);
    const left = range.getBoundingClientRect().left;
    const cs = getComputedStyle(el);
    ctx.font = getComputedStyle(node.parentElement ?? el).font;
    const need = ctx.measureText((node.textContent ?? '').slice(start, start + chars)).width;
    // The right edge text can be drawn up to: the element's content box, then every ancestor that clips.
    let right = box.right - parseFloat(cs.paddingRight) - parseFloat(cs.borderRightWidth);
    for (let a = el.parentElement; a; a = a.parentElement) {
      const acs = getComputedStyle(a);
      if (acs.overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right - parseFloat(acs.borderRightWidth));
    }
    right = Math.min(right, document.documentElement.clientWidth);
    let have = Math.max(0, right - left);
    const cut = el.scrollWidth > el.clientWidth + 0.5;
    if (cut && cs.textOverflow === 'ellipsis') have = Math.max(0, have - ctx.measureText('…').width);
    return { ...base, chars, need, have: Math.min(have, need), hidden: false, whole: !cut };
  });
}

function measurePlaceholder(field: Element): PlaceholderFit {
  const input = (field.shadowRoot ?? field).querySelector('input');
  if (!input) return { placeholder: '', need: 1, have: 0 };
  const cs = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = cs.font;
  const placeholder = input.placeholder;
  return {
    placeholder,
    need: ctx.measureText(placeholder).width,
    have: input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight),
  };
}

function measureColumns(table: Element): ColumnReach[] {
  // The nearest ancestor that clips: what can be seen, and whether it scrolls sideways.
  let clip: Element | null = table.parentElement;
  while (clip && getComputedStyle(clip).overflowX === 'visible') clip = clip.parentElement;
  const edge = clip ? clip.getBoundingClientRect() : document.documentElement.getBoundingClientRect();
  const scrolls = !!clip && ['auto', 'scroll'].includes(getComputedStyle(clip).overflowX);
  return Array.from(table.querySelectorAll('thead th')).map((th) => {
    const box = th.getBoundingClientRect();
    const shown = getComputedStyle(th).display !== 'none' && box.width > 0;
    const inside = box.left >= edge.left - 0.5 && box.right <= edge.right + 0.5;
    return { header: (th.textContent ?? '').trim() || (th.className || '(blank)'), shown, reachable: shown && (inside || scrolls) };
  });
}
