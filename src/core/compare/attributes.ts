// The attribute differences of one aligned span pair, values as display text (span content is untrusted
// model output: the caller renders it as text).
import type { AttrValue, Attributes } from '../model/types';

export type AttributeChange = 'added' | 'removed' | 'changed';

export interface AttributeDiffEntry {
  key: string;
  /** Relative to A: `added` is only in B, `removed` only in A. */
  change: AttributeChange;
  a: string | null;
  b: string | null;
}

export interface AttributeDiff {
  entries: AttributeDiffEntry[];
  /** Keys present on both sides with equal values. */
  unchanged: number;
}

/** Characters of one value kept; a long prompt or document list would otherwise swamp the message. */
export const MAX_VALUE_CHARS = 2000;

export function attributeText(value: AttrValue, limit = MAX_VALUE_CHARS): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

/** Compared on the full value, typed; a side without the span (null) has no attributes. */
export function diffSpanAttributes(a: { attributes: Attributes } | null, b: { attributes: Attributes } | null): AttributeDiff {
  const aAttrs = a?.attributes ?? {};
  const bAttrs = b?.attributes ?? {};
  const keys = [...new Set([...Object.keys(aAttrs), ...Object.keys(bAttrs)])].sort();
  const entries: AttributeDiffEntry[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const inA = Object.hasOwn(aAttrs, key);
    const inB = Object.hasOwn(bAttrs, key);
    // JSON keeps types apart: the string "1" and the number 1 differ.
    if (inA && inB && JSON.stringify(aAttrs[key]) === JSON.stringify(bAttrs[key])) {
      unchanged++;
      continue;
    }
    entries.push({
      key,
      change: !inA ? 'added' : !inB ? 'removed' : 'changed',
      a: inA ? attributeText(aAttrs[key]!) : null,
      b: inB ? attributeText(bAttrs[key]!) : null,
    });
  }
  return { entries, unchanged };
}
