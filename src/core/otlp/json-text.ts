// JSON text → value, keeping long integer literals exact: JSON.parse would round anything above 2^53
// (nanosecond times, int64 values), so such literals are turned into strings first. OTLP/JSON accepts
// strings wherever it accepts integers, so the decoder reads both forms.
import { OtlpDecodeError } from './errors';

/** A number literal with 16+ leading digits right after `:`, `[` or `,` (quick pre-check). */
const LONG_NUMBER = /[:[,]\s*-?\d{16}/;

export function parseJsonText(text: string): unknown {
  const source = LONG_NUMBER.test(text) ? quoteLongIntegers(text) : text;
  try {
    return JSON.parse(source);
  } catch (err) {
    throw new OtlpDecodeError(`invalid JSON: ${(err as Error).message}`);
  }
}

/** Wrap integer literals of 16 or more digits (outside strings) in quotes. */
export function quoteLongIntegers(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal)) {
        parts.push(text.slice(copied, start), '"', literal, '"');
        copied = i;
      }
    } else {
      i++;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
