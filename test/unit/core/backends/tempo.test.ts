// The Tempo client against the fixture server: trace by id (protobuf and JSON answers, v1 fallback,
// not found, errors, a large and a partial trace) and TraceQL search (parameters, limits, empty results).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTracesProtobuf } from '../../../../src/core/otlp';
import type { RawSpan } from '../../../../src/core/model/types';
import { ORIGIN_ATTRIBUTE, RemoteError, TempoClient, pullTraces, traceqlFor } from '../../../../src/core/backends';
import { FixtureServer } from './fixture-server';

const GOOD = '00000000000000000000000000007a11';
const BAD = '00000000000000000000000000007a12';
const window = { startMs: 1_794_999_000_000, endMs: 1_795_001_000_000, limit: 20 };

function bigTrace(traceId: string, count: number): Uint8Array {
  const spans: RawSpan[] = Array.from({ length: count }, (_, i) => ({
    traceId, spanId: (i + 1).toString(16).padStart(16, '0'), parentSpanId: i === 0 ? null : '0000000000000001',
    traceState: '', name: i === 0 ? 'batch' : `step ${i}`, otelKind: 1,
    startTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(i)), endTimeUnixNano: String(1_795_000_000_000_000_000n + BigInt(i) + 10n),
    attributes: { index: i, payload: 'x'.repeat(64) }, events: [], links: [], statusCode: 0, statusMessage: '',
    resource: { 'service.name': 'big' }, scope: { name: 's', version: '' },
  }));
  return encodeTracesProtobuf(spans);
}

describe('TempoClient', () => {
  const server = new FixtureServer();
  let client: TempoClient;
  before(async () => {
    await server.start();
    client = new TempoClient(`${server.url}/`, { headers: { Authorization: 'Bearer t0ken' } });
  });
  after(() => server.close());

  test('trace by id asks for protobuf on the v2 route and decodes the TraceByIDResponse', async () => {
    const trace = await client.getTrace(GOOD);
    assert.ok(trace);
    assert.deepEqual(trace.request.spans.map((s) => s.name), ['refund.answer', 'retrieve.policies', 'llm.generate', 'tool.citation_check']);
    assert.equal(trace.request.spans[0]!.traceId, GOOD);
    assert.equal(trace.request.spans[2]!.attributes['gen_ai.usage.input_tokens'], 812);
    assert.equal(trace.partial, false);
    const last = server.requests.at(-1)!;
    assert.equal(last.path, `/api/v2/traces/${GOOD}`);
    assert.equal(last.headers.accept, 'application/protobuf');
    assert.equal(last.headers.authorization, 'Bearer t0ken');
  });

  test('a JSON answer (gogo jsonpb: base64 ids, enum names) decodes to the same spans as protobuf', async () => {
    const viaProto = await client.getTrace(BAD);
    server.tempoJsonOnly = true;
    try {
      const viaJson = await client.getTrace(BAD);
      const shape = (t: typeof viaJson): unknown[] => t!.request.spans.map((s) => [s.traceId, s.spanId, s.parentSpanId, s.otelKind, s.name, s.attributes]);
      assert.deepEqual(shape(viaJson), shape(viaProto));
      assert.equal(viaJson!.request.spans[0]!.otelKind, 2, 'SPAN_KIND_SERVER by name');
      assert.equal(viaJson!.request.spans[0]!.traceId, BAD, 'base64 id read as hex');
    } finally {
      server.tempoJsonOnly = false;
    }
  });

  test('unknown ids are null, backend errors name the status and reason, bad ids are refused', async () => {
    assert.equal(await client.getTrace('00000000000000000000000000000bad'), null);
    await assert.rejects(client.getTrace('f'.repeat(32)), (e: unknown) => e instanceof RemoteError && e.status === 500 && /context deadline exceeded/.test(e.message));
    await assert.rejects(client.getTrace('not-a-trace-id'), /not a trace id/);
  });

  test('a Tempo without the v2 route is read through /api/traces/<id>', async () => {
    server.legacyTempo = true;
    try {
      const trace = await client.getTrace(GOOD);
      assert.equal(trace?.request.spans.length, 4);
      assert.deepEqual(server.requests.slice(-2).map((r) => r.path), [`/api/v2/traces/${GOOD}`, `/api/traces/${GOOD}`]);
    } finally {
      server.legacyTempo = false;
    }
  });

  test('a large trace (20,000 spans) and a partial one come through whole, the partial one flagged', async () => {
    const bigId = 'b'.repeat(32);
    server.extraTempoTraces.set(bigId, { body: bigTrace(bigId, 20_000) });
    const partialId = 'c'.repeat(32);
    server.extraTempoTraces.set(partialId, { body: bigTrace(partialId, 10), partial: true });
    try {
      const big = await client.getTrace(bigId);
      assert.equal(big?.request.spans.length, 20_000);
      assert.equal(new Set(big!.request.spans.map((s) => s.spanId)).size, 20_000);
      const partial = await client.getTrace(partialId);
      assert.equal(partial?.partial, true);
    } finally {
      server.extraTempoTraces.clear();
    }
  });

  test('search sends TraceQL, unix-second times and the limit; pads short trace ids; honours the limit', async () => {
    const found = await client.search({ ...window, traceql: '{ resource.service.name = "refund-bot" }', limit: 1 });
    const sent = server.requests.at(-1)!;
    assert.equal(sent.query.get('q'), '{ resource.service.name = "refund-bot" }');
    assert.equal(sent.query.get('start'), '1794999000');
    assert.equal(sent.query.get('end'), '1795001000');
    assert.equal(sent.query.get('limit'), '1');
    assert.deepEqual(found.traces.map((t) => t.traceId), [BAD]);
    assert.equal(found.traces[0]!.rootName, 'refund.answer');
    assert.equal(found.traces[0]!.startMs, 1_795_000_060_000);
    const all = await client.search(window);
    assert.deepEqual(all.traces.map((t) => t.traceId), [BAD, GOOD]);
  });

  test('empty results, and a TraceQL syntax error reported with Tempo\'s message', async () => {
    assert.deepEqual((await client.search({ ...window, traceql: '{ name = "nothing" }' })).traces, []);
    await assert.rejects(client.search({ ...window, traceql: '{ syntax-error' }), (e: unknown) =>
      e instanceof RemoteError && e.status === 400 && /unexpected IDENTIFIER/.test(e.message));
  });

  test('TraceQL built from plain fields, with quotes escaped', () => {
    assert.equal(traceqlFor({ ...window }), '{}');
    assert.equal(traceqlFor({ ...window, service: 'refund-bot', operation: 'llm.generate', workload: 'say "hi"' }),
      '{ resource.service.name = "refund-bot" && name = "llm.generate" && .workload.id = "say \\"hi\\"" }');
  });

  test('pullTraces reads every hit and marks each span with where it came from', async () => {
    const pulled = await pullTraces(client, window);
    assert.deepEqual(pulled.map((t) => t.ref.traceId), [BAD, GOOD]);
    assert.equal(pulled[1]!.request.spans.length, 4);
    for (const t of pulled) for (const s of t.request.spans) assert.equal(s.resource[ORIGIN_ATTRIBUTE], `tempo ${server.url}/`);
  });

  test('a refused credential is an error naming HTTP 401', async () => {
    server.requiredAuth = 'Bearer right';
    try {
      await assert.rejects(client.search(window), /HTTP 401/);
    } finally {
      server.requiredAuth = null;
    }
  });
});
