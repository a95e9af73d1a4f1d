// Runs per prompt version for the scorecards: each trace with a span that named a prompt, with the trace rollup's
// totals. Reads only the index (no payloads); the prompt name and version are interned strings.
import type { Database, SqlValue } from 'sql.js';
import type { PromptRun, PromptRunFilter } from '../model/store-types';
import { durationMs } from '../model/normalize';
import { unpadNanos } from './nanos';

export const DEFAULT_PROMPT_RUN_LIMIT = 10_000;

// Newest traces first through traces_by_start, each trace's own span rows through the (trace, span) key: the
// scan stops once `limit` runs are found instead of sorting every prompt span of the store.
const SQL = (where: string): string => `
SELECT DISTINCT t.trace_id, pn.value, pv.value, t.workload_id, t.start_ns, t.end_ns, t.error_count,
  t.input_tokens, t.output_tokens, t.cost_usd
FROM traces t INDEXED BY traces_by_start
  CROSS JOIN spans s ON s.trace = t.id
  JOIN strings pn ON pn.id = s.prompt_name
  LEFT JOIN strings pv ON pv.id = s.prompt_version
WHERE s.prompt_name IS NOT NULL ${where}
ORDER BY t.start_ns DESC, t.trace_id
LIMIT ?`;

function rowToRun(row: SqlValue[]): PromptRun {
  const start = unpadNanos(String(row[4]));
  return {
    traceId: String(row[0]),
    promptName: String(row[1]),
    promptVersion: row[2] === null ? null : String(row[2]),
    workloadId: row[3] === null ? null : String(row[3]),
    startTimeUnixNano: start,
    durationMs: durationMs(start, unpadNanos(String(row[5]))),
    errorCount: Number(row[6]),
    inputTokens: Number(row[7]),
    outputTokens: Number(row[8]),
    costUsd: Number(row[9]),
  };
}

export function queryPromptRuns(db: Database, filter: PromptRunFilter = {}): PromptRun[] {
  const params: SqlValue[] = [];
  let where = '';
  if (filter.promptName !== undefined) {
    where = 'AND s.prompt_name = (SELECT id FROM strings WHERE value = ?)';
    params.push(filter.promptName);
  }
  params.push(Math.max(1, Math.floor(filter.limit ?? DEFAULT_PROMPT_RUN_LIMIT)));
  const statement = db.prepare(SQL(where));
  try {
    statement.bind(params);
    const out: PromptRun[] = [];
    while (statement.step()) out.push(rowToRun(statement.get()));
    return out;
  } finally {
    statement.free();
  }
}
