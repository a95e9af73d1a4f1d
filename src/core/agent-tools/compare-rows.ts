// What compare_traces says about one aligned row, and which attribute changes are noise: ids every run
// draws anew (response ids, tool call ids, request ids) and token counts the row already reports.
import { diffSpanAttributes, type AttributeDiffEntry, type CompareRow } from '../compare';
import type { NormalizedSpan } from '../model/types';

/** Keys that name an id of one request, call or response. */
const ID_KEY = /(^|[._])(id|ids|uuid|guid|request_?id|response_?id|call_?id|trace_?id|span_?id|session_?id|run_?id)$/i;

/** A value that looks drawn at random: one word with a part of 8+ characters holding a digit (UUIDs, chatcmpl-9a8b7c6d5e, call_abc123XYZ789). */
function looksGenerated(value: string): boolean {
  if (value.length > 200 || /\s/.test(value)) return false;
  return value.split(/[-_:./]/).some((part) => part.length >= 8 && /\d/.test(part));
}
const TOKEN_KEY = /^gen_ai\.usage\.|^llm\.token_count\.|^ai\.usage\./;

export function isVolatileChange(e: AttributeDiffEntry): boolean {
  if (TOKEN_KEY.test(e.key)) return true;
  if (!ID_KEY.test(e.key)) return false;
  return [e.a, e.b].every((v) => v === null || looksGenerated(v));
}

/** A duration change worth a mention: at least 25% and 20 ms. */
export function durationChanged(row: CompareRow): boolean {
  if (row.durationDeltaMs === null || row.aDurationMs === null) return false;
  return Math.abs(row.durationDeltaMs) >= 20 && Math.abs(row.durationDeltaMs) >= 0.25 * Math.max(row.aDurationMs, 1);
}

export interface RowChanges {
  /** Only in A or B, or the status changed. */
  structural: boolean;
  attributes: AttributeDiffEntry[];
  /** Attribute changes left out as volatile. */
  volatile: number;
}

export function rowChanges(row: CompareRow, fullA: ReadonlyMap<string, NormalizedSpan> | null, fullB: ReadonlyMap<string, NormalizedSpan> | null, includeVolatile: boolean): RowChanges {
  const structural = row.side !== 'both' || row.statusChanged;
  if (row.side !== 'both' || !fullA || !fullB) return { structural, attributes: [], volatile: 0 };
  const entries = diffSpanAttributes(fullA.get(row.a!) ?? null, fullB.get(row.b!) ?? null).entries;
  const attributes = includeVolatile ? entries : entries.filter((e) => !isVolatileChange(e));
  return { structural, attributes, volatile: entries.length - attributes.length };
}
