// The index schema (sql.js). It holds only what queries need; each span's payload (attributes, events,
// messages, links, status message) lives in a segment file and the row points at it (seg, off, len).
// Span times are INTEGER nanoseconds (exact up to 2^63; a later time is stored as `u` + 20-digit padded TEXT,
// which SQLite sorts after every integer, so order stays numeric). Trace ids are stored once, in
// `traces`; spans refer to their trace by its integer key. Resources and code locations are interned.
import type { Sql } from './sql';

export const SCHEMA_VERSION = 3;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS traces (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL UNIQUE,
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
  payload_bytes INTEGER NOT NULL,
  usage_spans INTEGER NOT NULL,
  -- The smallest conversation / user id (strings.id) its spans name: the Sessions list groups traces by these.
  conversation_key INTEGER,
  user_key INTEGER,
  -- Lowercased trace id, service, workload, root and span names: the listTraces text filter (trace-rollup.ts).
  search_text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS traces_by_start ON traces (start_ns);
CREATE INDEX IF NOT EXISTS traces_by_service ON traces (service, start_ns);
CREATE INDEX IF NOT EXISTS traces_by_workload ON traces (workload_id, start_ns);
CREATE INDEX IF NOT EXISTS traces_by_eviction ON traces ((error_count > 0), start_ns);

-- Clustered by (trace, span): a trace's rows sit together, and no separate key index is needed.
-- Columns marked "id" hold a strings.id (values that repeat across spans are stored once).
CREATE TABLE IF NOT EXISTS spans (
  trace INTEGER NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL, -- id
  start_ns INTEGER NOT NULL,
  end_ns INTEGER NOT NULL,
  status INTEGER NOT NULL, -- id
  error_type INTEGER, -- id
  provider INTEGER, -- id
  request_model INTEGER, -- id
  input_tokens INTEGER,
  output_tokens INTEGER,
  cost_usd REAL,
  tool_name INTEGER, -- id
  agent_name INTEGER, -- id
  workload_id INTEGER, -- id
  conversation_id INTEGER, -- id
  user_id INTEGER, -- id
  prompt_name INTEGER, -- id
  prompt_version INTEGER, -- id
  code_id INTEGER,
  -- usage = the span reports tokens or cost; usage_below = a descendant does (then the span's own
  -- numbers are an aggregate and are left out of the trace totals).
  has_usage INTEGER NOT NULL,
  usage_below INTEGER NOT NULL DEFAULT 0,
  resource_id INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  off INTEGER NOT NULL,
  len INTEGER NOT NULL,
  PRIMARY KEY (trace, span_id)
) WITHOUT ROWID;
-- No index by parent: "has this span a child with usage?" scans the trace's own rows, which the key keeps together.
CREATE INDEX IF NOT EXISTS spans_by_code ON spans (code_id) WHERE code_id IS NOT NULL;

-- Resource attributes + instrumentation scope, as JSON {resource, scope}, with the service name.
CREATE TABLE IF NOT EXISTS resources (id INTEGER PRIMARY KEY, json TEXT NOT NULL UNIQUE, service TEXT);

CREATE TABLE IF NOT EXISTS strings (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);

-- Code locations (file, line, function, column), without stack traces (those stay in the payload).
CREATE TABLE IF NOT EXISTS code_locations (id INTEGER PRIMARY KEY, file TEXT, line INTEGER, json TEXT NOT NULL UNIQUE);

CREATE TABLE IF NOT EXISTS logs (
  id INTEGER PRIMARY KEY,
  trace_id TEXT,
  span_id TEXT,
  time_ns TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  payload_bytes INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  off INTEGER NOT NULL,
  len INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_by_span ON logs (trace_id, span_id);

-- Spans that redaction at ingest changed: the rule names (JSON array) and how many values went. Few rows;
-- added without a schema version change (an older index simply gains the empty table).
CREATE TABLE IF NOT EXISTS redactions (trace INTEGER NOT NULL, span_id TEXT NOT NULL, rules TEXT NOT NULL,
  hits INTEGER NOT NULL, PRIMARY KEY (trace, span_id)) WITHOUT ROWID;

-- Coding-agent session figures from metrics (see session-figures.ts); added without a schema version change.
CREATE TABLE IF NOT EXISTS session_figures (session TEXT NOT NULL, figure TEXT NOT NULL, series TEXT NOT NULL,
  agent TEXT NOT NULL, start_ns TEXT NOT NULL, time_ns TEXT NOT NULL, base REAL NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (session, figure, series)) WITHOUT ROWID;

-- Coding agents' events matched to their spans by request / tool-use id (agent-matches.ts); no version change.
CREATE TABLE IF NOT EXISTS agent_keys (trace_id TEXT NOT NULL, key TEXT NOT NULL, span_id TEXT NOT NULL,
  PRIMARY KEY (trace_id, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agent_pending (trace_id TEXT NOT NULL, key TEXT NOT NULL, digest TEXT NOT NULL,
  PRIMARY KEY (trace_id, key, digest)) WITHOUT ROWID;

-- Payload segment files: bytes written, bytes still referenced, and whether the file waits for the next
-- index snapshot to be deleted (retired: nothing in this index points into it any more).
CREATE TABLE IF NOT EXISTS segments (id INTEGER PRIMARY KEY, bytes INTEGER NOT NULL, live_bytes INTEGER NOT NULL,
  retired INTEGER NOT NULL DEFAULT 0);
`;

/**
 * The Sessions list's keys on `traces`. An index written before them gains the two columns, filled from the spans
 * once (no schema version change: an older index opens and gets them); then their indexes.
 */
export function addTraceSessionKeys(sql: Sql): void {
  const columns = new Set(sql.all('PRAGMA table_info(traces)').map((row) => String(row[1])));
  if (!columns.has('conversation_key')) {
    sql.db.exec(`ALTER TABLE traces ADD COLUMN conversation_key INTEGER;
      ALTER TABLE traces ADD COLUMN user_key INTEGER;
      UPDATE traces SET conversation_key = (SELECT MIN(conversation_id) FROM spans WHERE spans.trace = traces.id),
        user_key = (SELECT MIN(user_id) FROM spans WHERE spans.trace = traces.id);`);
  }
  sql.db.exec(`CREATE INDEX IF NOT EXISTS traces_by_conversation ON traces (conversation_key, start_ns)
      WHERE conversation_key IS NOT NULL;
    CREATE INDEX IF NOT EXISTS traces_by_user ON traces (user_key, start_ns) WHERE user_key IS NOT NULL;`);
}
