// The mark redaction at ingest leaves on a span or log record: which rules removed something, and how many
// values (never the values). Read back here into NormalizedSpan.redaction.
import type { Attributes, RawLogRecord, SpanRedaction } from './types';

/** The rules that redacted something in a span or log record, sorted. */
export const REDACTED_RULES_KEY = 'agent_trace_lens.redacted';
/** How many values were redacted in it. */
export const REDACTED_COUNT_KEY = 'agent_trace_lens.redaction_count';

function addMark(attributes: Attributes, rules: Set<string>): number {
  const listed = attributes[REDACTED_RULES_KEY];
  if (!Array.isArray(listed)) return 0;
  for (const rule of listed) if (typeof rule === 'string') rules.add(rule);
  const count = attributes[REDACTED_COUNT_KEY];
  return typeof count === 'number' && Number.isFinite(count) && count > 0 ? count : listed.length;
}

/** The span's mark merged with those of its attached log records; null when nothing was redacted. */
export function readRedaction(attributes: Attributes, logs: readonly RawLogRecord[]): SpanRedaction | null {
  const rules = new Set<string>();
  let count = addMark(attributes, rules);
  for (const log of logs) count += addMark(log.attributes, rules);
  return rules.size === 0 ? null : { rules: [...rules].sort(), count };
}
