// Session figures from the coding agents' metrics (cost, tokens by kind, active time, lines, commits, edit
// decisions): one row per session, figure and time series. Cumulative series keep their latest value (plus what
// earlier runs of the process counted before a restart); delta series add each interval once, so a request sent
// twice counts once. The points kept are also appended as a segment record, so a reopen replays them.
import type { SqlValue } from 'sql.js';
import { figurePoints, type FigurePoint } from '../agents/metric-figures';
import type { IngestResult } from '../model/store-types';
import type { RawMetricPoint } from '../model/types';
import type { PayloadIO } from './payload-io';
import { RecordKind, encodeRecord } from './segment-records';
import type { SessionFigure, SessionFigures } from '../model/store-types';
import { padNanos } from './nanos';
import type { Sql } from './sql';

/** Most series one session keeps (a figure per model and kind is a handful; this bounds a misbehaving sender). */
export const MAX_SERIES_PER_SESSION = 200;
/** Most sessions kept; past it the least recently updated go. */
export const MAX_FIGURE_SESSIONS = 5000;


/** A metrics request: the figure points are appended as one record and applied; the rest is counted. */
export function ingestMetricPoints(
  sql: Sql, payloads: Pick<PayloadIO, 'append'>, counts: MetricCounts, points: RawMetricPoint[], total: number,
): IngestResult {
  const { kept, dropped } = figurePoints(points, total);
  if (kept.length > 0) {
    payloads.append(encodeRecord(RecordKind.SessionFigures, 0, null, null, JSON.stringify(kept)));
    applyFigurePoints(sql, kept);
  }
  counts.kept += kept.length;
  counts.dropped += dropped;
  return {
    acceptedSpans: 0, rejectedSpans: dropped, acceptedLogs: 0, traceIds: [],
    message: dropped > 0
      ? `${dropped} metric data point(s) dropped: only coding-agent session figures (cost, tokens, active time, lines, `
        + 'commits, pull requests, edit decisions) are kept'
      : null,
  };
}

/** Apply kept points in order (then trim to the session limit); returns how many changed a row. */
export function applyFigurePoints(sql: Sql, points: readonly FigurePoint[]): number {
  let changed = 0;
  for (const p of points) {
    const start = padNanos(p.startTimeUnixNano);
    const time = padNanos(p.timeUnixNano);
    const row = sql.first('SELECT start_ns, time_ns, base, value FROM session_figures WHERE session = ? AND figure = ? AND series = ?',
      [p.session, p.figure, p.series]);
    if (!row) {
      const count = Number(sql.first('SELECT COUNT(*) FROM session_figures WHERE session = ?', [p.session])?.[0] ?? 0);
      if (count >= MAX_SERIES_PER_SESSION) continue;
      sql.run(`INSERT INTO session_figures (session, figure, series, agent, start_ns, time_ns, base, value)
        VALUES (?, ?, ?, ?, ?, ?, 0, ?)`, [p.session, p.figure, p.series, p.agent, start, time, p.value]);
      changed++;
      continue;
    }
    const [rowStart, rowTime, base, value] = [String(row[0]), String(row[1]), Number(row[2]), Number(row[3])];
    if (p.temporality === 1) {
      // Delta intervals follow each other; one starting before the last one ended was counted already.
      if (start < rowTime) continue;
      sql.run('UPDATE session_figures SET value = ?, time_ns = ? WHERE session = ? AND figure = ? AND series = ?',
        [value + p.value, time, p.session, p.figure, p.series]);
    } else if (time > rowTime) {
      // Cumulative (or a gauge): the latest value holds; a new start time means the process restarted.
      const restarted = start !== rowStart;
      sql.run(`UPDATE session_figures SET base = ?, value = ?, start_ns = ?, time_ns = ?
        WHERE session = ? AND figure = ? AND series = ?`,
      [restarted ? base + value : base, p.value, start, time, p.session, p.figure, p.series]);
    } else {
      continue;
    }
    changed++;
  }
  trimFigureSessions(sql);
  return changed;
}

/** Drop the least recently updated sessions past the limit. */
export function trimFigureSessions(sql: Sql, limit = MAX_FIGURE_SESSIONS): void {
  const count = Number(sql.first('SELECT COUNT(DISTINCT session) FROM session_figures')?.[0] ?? 0);
  if (count <= limit) return;
  sql.run(`DELETE FROM session_figures WHERE session IN (SELECT session FROM session_figures GROUP BY session
    ORDER BY MAX(time_ns) LIMIT ?)`, [count - limit]);
}

/** Figures per session (sums over series) for the sessions asked for. */
export function querySessionFigures(sql: Sql, sessions: readonly string[]): Map<string, SessionFigures> {
  const result = new Map<string, SessionFigures>();
  if (sessions.length === 0) return result;
  const params: SqlValue[] = [...new Set(sessions)];
  const rows = sql.all(`SELECT session, agent, figure, SUM(base + value) FROM session_figures
    WHERE session IN (${params.map(() => '?').join(',')}) GROUP BY session, agent, figure`, params);
  for (const row of rows) {
    const session = String(row[0]);
    let entry = result.get(session);
    if (!entry) result.set(session, (entry = { agent: String(row[1]), figures: {} }));
    entry.figures[String(row[2]) as SessionFigure] = Number(row[3]);
  }
  return result;
}

/** Metric points seen since the store opened: kept as session figures, or dropped (not a figure we keep). */
export interface MetricCounts {
  kept: number;
  dropped: number;
}
