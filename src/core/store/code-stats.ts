// Per code location statistics for CodeLens: which span names a source line emitted, how often,
// how slow (nearest-rank p95), how many failed, how many tokens, and the latest span.
import type { Database, SqlValue } from 'sql.js';
import type { CodeLocationFilter, CodeLocationStat } from '../model/store-types';
import { DURATION_SQL, SPAN_FAILED_SQL, timeText } from './span-rows';

export type { CodeLocationFilter, CodeLocationStat } from '../model/store-types';

// Window functions rank durations inside each (file, line, name) group; the p95 row is the one at
// rank ceil(0.95 * n). SQLite picks the bare columns of a max() aggregate from the row holding the max,
// which gives the latest span of each group.
const STATS_SQL = (where: string): string => `
WITH located AS (
  SELECT c.file AS code_file, c.line AS code_line, s.name, COALESCE(${DURATION_SQL}, 0) AS duration_ms,
    ${SPAN_FAILED_SQL} AS failed,
    s.start_ns, t.trace_id, s.span_id, COALESCE(s.input_tokens, 0) + COALESCE(s.output_tokens, 0) AS tokens
  FROM spans s JOIN code_locations c ON c.id = s.code_id JOIN traces t ON t.id = s.trace
  WHERE c.file IS NOT NULL ${where}
),
ranked AS (
  SELECT code_file, code_line, name, duration_ms,
    ROW_NUMBER() OVER (PARTITION BY code_file, code_line, name ORDER BY duration_ms) AS rank,
    COUNT(*) OVER (PARTITION BY code_file, code_line, name) AS n
  FROM located
),
p95 AS (
  SELECT code_file, code_line, name, duration_ms AS p95
  FROM ranked WHERE rank = CAST(((n * 95) + 99) / 100 AS INTEGER)
),
totals AS (
  SELECT code_file, code_line, name, COUNT(*) AS n,
    SUM(failed) AS errors, SUM(tokens) AS tokens,
    MAX(start_ns) AS latest_start, trace_id, span_id
  FROM located GROUP BY code_file, code_line, name
)
SELECT t.code_file, t.code_line, t.name, t.n, p.p95, t.errors, t.tokens, CAST(t.latest_start AS TEXT), t.trace_id,
  t.span_id
FROM totals t JOIN p95 p
  ON p.code_file = t.code_file AND p.name = t.name AND p.code_line IS t.code_line
ORDER BY t.code_file, t.code_line, t.name`;

function rowToStat(row: SqlValue[]): CodeLocationStat {
  return {
    codeFile: String(row[0]),
    codeLine: row[1] === null ? null : Number(row[1]),
    spanName: String(row[2]),
    count: Number(row[3]),
    p95DurationMs: Number(row[4]),
    errorCount: Number(row[5]),
    totalTokens: Number(row[6]),
    latest: { startTimeUnixNano: timeText(row[7]!), traceId: String(row[8]), spanId: String(row[9]) },
  };
}

export function queryCodeLocationStats(db: Database, filter: CodeLocationFilter = {}): CodeLocationStat[] {
  const files = filter.codeFiles;
  if (files && files.length === 0) return [];
  const where = files ? `AND c.file IN (${files.map(() => '?').join(', ')})` : '';
  const statement = db.prepare(STATS_SQL(where));
  try {
    if (files) statement.bind([...files]);
    const out: CodeLocationStat[] = [];
    while (statement.step()) out.push(rowToStat(statement.get()));
    return out;
  } finally {
    statement.free();
  }
}
