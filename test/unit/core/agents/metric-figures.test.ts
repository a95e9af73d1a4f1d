// Metrics: decoding (JSON and protobuf recordings of the same kind of export), which points become session
// figures, and how cumulative and delta series add up without counting a resent request twice.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { figurePoints, isFigureMetric, type FigurePoint } from '../../../../src/core/agents/metric-figures';
import { decodeRequest } from '../../../../src/core/otlp';
import { TraceStore } from '../../../../src/core/store';
import { applyFigurePoints, querySessionFigures } from '../../../../src/core/store/session-figures';
import { Sql } from '../../../../src/core/store/sql';
import { fixtureFiles, storeWithRun } from './fixture-store';
import { loadSqlJs } from '../../../../src/core/store/sqljs';

const metricFiles = (run: string) => fixtureFiles(run).filter((f) => f.signal === 'metrics');

describe('metrics decoding', () => {
  it('reads the same metric names and values from protobuf as its decoded JSON shows', () => {
    for (const f of metricFiles('live-claude-code-grpc')) {
      const fromPb = decodeRequest(fs.readFileSync(f.file), 'metrics', 'protobuf');
      const fromJson = decodeRequest(fs.readFileSync(f.file.replace(/\.pb$/, '.decoded.json')), 'metrics', 'json');
      assert.ok(fromPb.metrics!.total > 0);
      assert.equal(fromPb.metrics!.total, fromJson.metrics!.total);
      const view = (points: typeof fromPb.metrics) => points!.points.map((p) => [p.metric, p.value, p.temporality, p.attributes.type ?? null]);
      assert.deepEqual(view(fromPb.metrics), view(fromJson.metrics));
    }
  });

  it('keeps only the points the caller wants and still counts the rest', () => {
    const [f] = metricFiles('live-codex-events');
    const all = decodeRequest(fs.readFileSync(f!.file), 'metrics', 'json');
    const kept = decodeRequest(fs.readFileSync(f!.file), 'metrics', 'json', { keep: isFigureMetric });
    assert.equal(kept.metrics!.total, all.metrics!.total);
    assert.ok(kept.metrics!.points.length < all.metrics!.points.length);
    assert.ok(kept.metrics!.points.every((p) => isFigureMetric(p.metric)));
  });

  it('answers a malformed metrics body with a decode error naming where', () => {
    assert.throws(() => decodeRequest(new TextEncoder().encode('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","sum":{"dataPoints":[{"asInt":"abc"}]}}]}]}]}'), 'metrics', 'json'),
      /dataPoints\[0\]/);
    assert.throws(() => decodeRequest(new Uint8Array([0x0a, 0x05, 0x12, 0x09]), 'metrics', 'protobuf'));
  });
});

describe('session figures', () => {
  it('keeps Claude Code cost and tokens by kind per session; the rest is dropped and counted', async () => {
    const store = await storeWithRun('live-claude-code-events');
    const stats = store.stats();
    assert.ok(stats.metricPoints!.kept > 0 && stats.metricPoints!.dropped > 0);
    const [session] = store.listSessions({});
    const points = metricFiles('live-claude-code-events').flatMap((f) => decodeRequest(fs.readFileSync(f.file), 'metrics', 'json').metrics!.points);
    const cost = points.filter((p) => p.metric === 'claude_code.cost.usage').reduce((sum, p) => sum + p.value, 0);
    const figures = store.sessionFigures([session!.sessionId]).get(session!.sessionId)!;
    assert.equal(figures.agent, 'claude-code');
    assert.ok(Math.abs((figures.figures.cost_usd ?? 0) - cost) < 1e-12);
    assert.ok((figures.figures['tokens.cache_read'] ?? 0) > 0);
    await store.close();
  });

  function point(overrides: Partial<FigurePoint>): FigurePoint {
    return {
      session: 's', agent: 'claude-code', figure: 'cost_usd', series: 'a', temporality: 1,
      startTimeUnixNano: '1000', timeUnixNano: '2000', value: 1, ...overrides,
    };
  }

  it('adds delta intervals once each, a resent interval is not counted again', async () => {
    const sql = new Sql(new (await loadSqlJs()).Database());
    sql.db.exec((await import('../../../../src/core/store/schema')).SCHEMA_SQL);
    applyFigurePoints(sql, [point({ value: 1 }), point({ startTimeUnixNano: '2000', timeUnixNano: '3000', value: 2 })]);
    applyFigurePoints(sql, [point({ startTimeUnixNano: '2000', timeUnixNano: '3000', value: 2 })]);
    assert.equal(querySessionFigures(sql, ['s']).get('s')!.figures.cost_usd, 3);
  });

  it('keeps the latest cumulative value and carries it over a process restart', async () => {
    const sql = new Sql(new (await loadSqlJs()).Database());
    sql.db.exec((await import('../../../../src/core/store/schema')).SCHEMA_SQL);
    const cumulative = (start: string, time: string, value: number) => point({ temporality: 2, startTimeUnixNano: start, timeUnixNano: time, value });
    applyFigurePoints(sql, [cumulative('1000', '2000', 5), cumulative('1000', '3000', 7), cumulative('1000', '2500', 6)]);
    assert.equal(querySessionFigures(sql, ['s']).get('s')!.figures.cost_usd, 7);
    applyFigurePoints(sql, [cumulative('4000', '5000', 2)]);
    assert.equal(querySessionFigures(sql, ['s']).get('s')!.figures.cost_usd, 9);
  });

  it('survives a reopen (the kept points are replayed from the segments)', async () => {
    const dir = fs.mkdtempSync(`${(await import('node:os')).tmpdir()}/atl-figures-`);
    try {
      const store = await TraceStore.open({ dir });
      for (const f of fixtureFiles('live-claude-code-events')) store.ingestRequest(fs.readFileSync(f.file), f.signal, f.encoding);
      const [session] = store.listSessions({});
      const before = store.sessionFigures([session!.sessionId]);
      const spansBefore = store.getTraceSpans(session!.traceIds[0]!).map((s) => [s.name, s.inputTokens, s.costUsd, s.endTimeUnixNano]);
      await store.close();
      const reopened = await TraceStore.open({ dir });
      assert.deepEqual(reopened.sessionFigures([session!.sessionId]), before);
      assert.deepEqual(reopened.getTraceSpans(session!.traceIds[0]!).map((s) => [s.name, s.inputTokens, s.costUsd, s.endTimeUnixNano]), spansBefore);
      await reopened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('figurePoints drops points with no session', () => {
    const { kept, dropped } = figurePoints([{
      metric: 'claude_code.cost.usage', unit: 'USD', type: 'sum', temporality: 1, value: 1, startTimeUnixNano: '1',
      timeUnixNano: '2', attributes: {}, resource: {}, scope: { name: '', version: '' },
    }], 3);
    assert.equal(kept.length, 0);
    assert.equal(dropped, 3);
  });
});
