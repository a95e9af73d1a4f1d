// SQLite schema. Times are TEXT zero-padded nanoseconds (see nanos.ts). A span's `raw` column keeps
// the RawSpan JSON minus what other columns already hold (ids, name, times: see span-rows.ts) and
// minus its resource and scope, stored once in `resources`; logs keep their whole RawLogRecord JSON.
// Spans are re-normalized from the rebuilt RawSpan on read and exported from it exactly.
export const SCHEMA_VERSION = 2;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  service TEXT,
  start_ns TEXT NOT NULL,
  end_ns TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  status TEXT NOT NULL,
  error_type TEXT,
  request_model TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  tool_name TEXT,
  workload_id TEXT,
  code_file TEXT,
  code_line INTEGER,
  code_json TEXT,
  -- usage = the span reports tokens or cost; usage_below = a descendant does (then the span's own
  -- numbers are an aggregate and are left out of the trace totals).
  has_usage INTEGER NOT NULL,
  usage_below INTEGER NOT NULL DEFAULT 0,
  payload_bytes INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  raw TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX IF NOT EXISTS spans_by_parent ON spans (trace_id, parent_span_id);
-- getTraceStructure (STRUCTURE_BY_TRACE_SQL) in its order, without a sort.
CREATE INDEX IF NOT EXISTS spans_by_start ON spans (trace_id, start_ns, span_id);
CREATE INDEX IF NOT EXISTS spans_by_code_file ON spans (code_file) WHERE code_file IS NOT NULL;

CREATE TABLE IF NOT EXISTS traces (
  trace_id TEXT PRIMARY KEY,
  root_span_id TEXT,
  root_name TEXT,
  root_parent_span_id TEXT,
  root_start_ns TEXT,
  service TEXT,
  workload_id TEXT,
  start_ns TEXT NOT NULL,
  end_ns TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  models TEXT NOT NULL,
  names TEXT NOT NULL,
  payload_bytes INTEGER NOT NULL,
  -- Lowercased trace id, service, workload, root and span names: the listTraces text filter.
  search_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_by_start ON traces (start_ns);
CREATE INDEX IF NOT EXISTS traces_by_service ON traces (service, start_ns);
CREATE INDEX IF NOT EXISTS traces_by_workload ON traces (workload_id, start_ns);
CREATE INDEX IF NOT EXISTS traces_by_eviction ON traces ((error_count > 0), start_ns);

-- Resource attributes + instrumentation scope shared by spans, as JSON {resource, scope}.
CREATE TABLE IF NOT EXISTS resources (id INTEGER PRIMARY KEY, json TEXT NOT NULL UNIQUE);

CREATE TABLE IF NOT EXISTS logs (
  id INTEGER PRIMARY KEY,
  trace_id TEXT,
  span_id TEXT,
  time_ns TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  payload_bytes INTEGER NOT NULL,
  raw TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_by_span ON logs (trace_id, span_id);
`;
