// Shared AnyValue rules for both decoders.
import type { AttrValue, Attributes } from '../model/types';

/** Deepest AnyValue nesting accepted (arrays / kvlists inside each other). */
export const MAX_ANY_VALUE_DEPTH = 64;

/** Plain-object assignment that cannot be turned into a prototype change by a `__proto__` key. */
export function setAttr(target: Attributes | Record<string, AttrValue>, key: string, value: AttrValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export const SPAN_KIND_MAX = 5;
export const STATUS_CODE_MAX = 2;
export const SEVERITY_NUMBER_MAX = 24;

/** Enum numbers outside the known range are kept as "unspecified" (proto3 enums are open). */
export function enumOrZero(n: number, max: number): number {
  return Number.isInteger(n) && n >= 0 && n <= max ? n : 0;
}
