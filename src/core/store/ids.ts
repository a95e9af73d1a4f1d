// Checks and keys for trace and span ids (lowercase hex; all zeros means "none" in OTLP).
import type { RawSpan } from '../model/types';

/** Lowercase hex of exactly `length` characters, not all zeros (a loop: it runs for every span). */
export function validId(id: string, length: number): boolean {
  if (typeof id !== 'string' || id.length !== length) return false;
  let nonZero = false;
  for (let i = 0; i < length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 49 && c <= 57) nonZero = true; // 1-9
    else if (c >= 97 && c <= 102) nonZero = true; // a-f
    else if (c !== 48) return false;
  }
  return nonZero;
}

export function validIds(span: RawSpan): boolean {
  return validId(span.traceId, 32) && validId(span.spanId, 16);
}

export function spanKey(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}
