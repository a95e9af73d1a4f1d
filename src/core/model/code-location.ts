// Source location of the code that emitted the span (stable code.* names, then the pre-1.30 ones).
import { attrKeys, type AttrReader } from './attributes';
import type { CodeLocation, SpanEvent } from './types';

const FILE_KEYS = attrKeys(['code.file.path', 'code.filepath']);
const LINE_KEYS = attrKeys(['code.line.number', 'code.lineno']);
const COLUMN_KEYS = attrKeys(['code.column.number', 'code.column']);
const FUNCTION_KEYS = attrKeys(['code.function.name']);
const OLD_FUNCTION_KEYS = attrKeys(['code.function']);
const NAMESPACE_KEYS = attrKeys(['code.namespace']);
const STACKTRACE_KEYS = attrKeys(['code.stacktrace']);

function exceptionStacktrace(events: SpanEvent[]): string | null {
  for (const e of events) {
    if (e.name !== 'exception') continue;
    const st = e.attributes['exception.stacktrace'];
    if (typeof st === 'string' && st.length > 0) return st;
  }
  return null;
}

/** Null unless at least one code.* attribute is present; the stacktrace falls back to an `exception` event's. */
export function readCodeLocation(r: AttrReader, events: SpanEvent[]): CodeLocation | null {
  const filePath = r.str(FILE_KEYS);
  const line = r.int(LINE_KEYS);
  const column = r.int(COLUMN_KEYS);
  let fn = r.str(FUNCTION_KEYS);
  if (fn === null) {
    const oldFn = r.str(OLD_FUNCTION_KEYS);
    const ns = r.str(NAMESPACE_KEYS);
    fn = oldFn !== null && ns !== null ? `${ns}.${oldFn}` : oldFn;
  }
  const stack = r.str(STACKTRACE_KEYS);
  if (filePath === null && line === null && column === null && fn === null && stack === null) return null;
  return { filePath, line, column, function: fn, stacktrace: stack ?? exceptionStacktrace(events) };
}
