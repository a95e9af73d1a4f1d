// The Jaeger API v3 client against the fixture server: trace by id, find traces (parameters, limit,
// "No traces found" as an empty result, 400s), services and operations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JaegerClient, RemoteError, pullTraces } from '../../../../src/core/backends';
import { FixtureServer } from './fixture-server';

const GOOD = '00000000000000000000000000007a11';
const BAD = '00000000000000000000000000007a12';
const window = { startMs: 1_794_999_000_000, endMs: 1_795_001_000_000, limit: 20 };

describe('JaegerClient', () => {
  const server = new FixtureServer();
  let client: JaegerClient;
  before(async () => {
    await server.start();
    client = new JaegerClient(server.url);
  });
  after(() => server.close());

  test('trace by id unwraps {"result": {"resourceSpans"}}; an unknown id is null', async () => {
    const trace = await client.getTrace(GOOD);
    assert.deepEqual(trace?.request.spans.map((s) => s.name), ['refund.answer', 'retrieve.policies', 'llm.generate', 'tool.citation_check']);
    assert.equal(trace?.request.spans[1]!.parentSpanId, trace?.request.spans[0]!.spanId);
    assert.equal(await client.getTrace(BAD), null);
  });

  test('find traces sends the v3 query parameters and returns whole traces, newest first', async () => {
    const found = await client.search({ ...window, service: 'refund-bot', operation: 'refund.answer', workload: 'refund-bot' });
    const sent = server.requests.at(-1)!;
    assert.equal(sent.path, '/api/v3/traces');
    assert.equal(sent.query.get('query.service_name'), 'refund-bot');
    assert.equal(sent.query.get('query.operation_name'), 'refund.answer');
    assert.equal(sent.query.get('query.start_time_min'), new Date(window.startMs).toISOString());
    assert.equal(sent.query.get('query.num_traces'), '20');
    assert.deepEqual(JSON.parse(sent.query.get('query.attributes')!), { 'workload.id': 'refund-bot' });
    assert.deepEqual(found.traces.map((t) => t.traceId), [BAD, GOOD]);
    assert.equal(found.loaded.get(BAD)?.spans.length, 3);
    assert.equal(found.traces[0]!.durationMs, 2400);
  });

  test('the limit caps the traces; "No traces found" (404) is an empty result', async () => {
    const one = await client.search({ ...window, service: 'refund-bot', limit: 1 });
    assert.equal(one.traces.length, 1);
    assert.equal(server.requests.at(-1)!.query.get('query.num_traces'), '1');
    const none = await client.search({ ...window, service: 'nobody' });
    assert.deepEqual(none.traces, []);
  });

  test('a 400 carries Jaeger\'s message; a search without a service is refused before asking', async () => {
    await assert.rejects(client.search({ ...window, service: 'malformed' }), (e: unknown) =>
      e instanceof RemoteError && e.status === 400 && /malformed parameter query.start_time_min/.test(e.message));
    await assert.rejects(client.search({ ...window }), /needs a service/);
  });

  test('services and operations', async () => {
    assert.deepEqual(await client.services(), ['refund-bot', 'frontend']);
    assert.deepEqual(await client.operations('refund-bot'), [
      { name: 'refund.answer', spanKind: 'server' }, { name: 'llm.generate', spanKind: 'client' },
    ]);
  });

  test('pullTraces needs no second request for Jaeger and marks the origin', async () => {
    const before = server.requests.length;
    const pulled = await pullTraces(client, { ...window, service: 'refund-bot' });
    assert.equal(server.requests.length, before + 1);
    assert.deepEqual(pulled.map((t) => t.request.spans.length), [3, 4]);
    assert.equal(pulled[0]!.request.spans[0]!.resource['trace_lens.origin'], `jaeger ${server.url}`);
  });

  test('a server answering something that is not OTLP is a clear error', async () => {
    await assert.rejects(client.getTrace('e'.repeat(32)), (e: unknown) => e instanceof RemoteError && /unreadable answer/.test(e.message));
  });
});
