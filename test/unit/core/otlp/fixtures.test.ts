// Every recorded OTLP request decodes; protobuf bodies agree with the recorder's own decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { OtlpDecodeError, decodeRequest, type OtlpSignal } from '../../../../src/core/otlp';

const root = path.join(__dirname, '..', '..', '..', 'fixtures', 'otlp');
const bodies = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(path.join(root, d.name)).map((f) => path.join(d.name, f)))
  .filter((f) => /\d+-[\w-]+\.(pb|json)$/.test(f) && !f.endsWith('.decoded.json'))
  .sort();
const signalOf = (file: string): OtlpSignal => (file.includes('logs') ? 'logs' : file.includes('metrics') ? 'metrics' : 'traces');

test('the fixture set is present', () => {
  assert.ok(bodies.filter((f) => f.endsWith('.pb')).length >= 20, 'protobuf fixtures');
  assert.ok(bodies.filter((f) => f.endsWith('.json')).length >= 30, 'JSON fixtures');
});

for (const file of bodies) {
  test(`decodes ${file}`, () => {
    const signal = signalOf(file);
    const decoded = decodeRequest(readFileSync(path.join(root, file)), signal, file.endsWith('.pb') ? 'protobuf' : 'json');
    const items = signal === 'traces' ? decoded.spans.length : signal === 'logs' ? decoded.logs.length : decoded.metrics!.total;
    assert.ok(items > 0, 'at least one item');
    if (signal !== 'logs') assert.equal(decoded.logs.length, 0);
    if (signal !== 'traces') assert.equal(decoded.spans.length, 0);
    for (const span of decoded.spans) {
      assert.match(span.traceId, /^[0-9a-f]{32}$/);
      assert.match(span.spanId, /^[0-9a-f]{16}$/);
      assert.ok(span.parentSpanId === null || /^[0-9a-f]{16}$/.test(span.parentSpanId));
      assert.match(span.startTimeUnixNano, /^17\d{17}$/, 'a 2026 timestamp, exact to the nanosecond');
      assert.ok(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano));
      assert.equal(typeof span.resource['service.name'], 'string');
      assert.ok(span.name.length > 0);
    }
    for (const log of decoded.logs) {
      // Codex leaves the record's time 0 and sends the observed time (and an event.timestamp attribute).
      assert.match(log.timeUnixNano === '0' ? log.observedTimeUnixNano : log.timeUnixNano, /^17\d{17}$/);
      assert.ok(log.traceId === null || /^[0-9a-f]{32}$/.test(log.traceId));
      assert.equal(typeof log.resource['service.name'], 'string');
    }

    const recorderDecode = path.join(root, file.replace(/\.pb$/, '.decoded.json'));
    if (file.endsWith('.pb') && existsSync(recorderDecode)) {
      // The recorder's decode is OTLP/JSON itself (hex ids, string int64s); read it with the JSON decoder.
      const reference = decodeRequest(readFileSync(recorderDecode), signal, 'json');
      assert.deepStrictEqual(decoded, reference);
    }
  });
}

test('the gRPC fixture carries a span tree with code attributes and exact times', () => {
  const body = readFileSync(path.join(root, 'otel-sdk-grpc', '001-grpc-traces.pb'));
  const [span] = decodeRequest(body, 'traces', 'protobuf').spans;
  assert.equal(span.traceId, '1d994a4b220fbb25a29bdb3af4a6b4e8');
  assert.equal(span.spanId, 'dfcccf137552b6bc');
  assert.equal(span.parentSpanId, '950dd6ccad186c20');
  assert.equal(span.name, 'chat fake-model');
  assert.equal(span.startTimeUnixNano, '1795272032372000000');
  assert.equal(span.endTimeUnixNano, '1795272032372093539');
  assert.equal(span.attributes['gen_ai.usage.input_tokens'], 3);
  assert.deepStrictEqual(span.scope, { name: 'semconv-probe-manual', version: '0.0.1' });
  assert.deepStrictEqual(span.resource, { 'service.name': 'semconv-probe-grpc' });
});

test('protobuf log fixtures decode to the same content as the JSON capture of the same script', () => {
  const pb = decodeRequest(readFileSync(path.join(root, 'otel-openai-contrib-proto', '001-logs.pb')), 'logs', 'protobuf');
  const json = decodeRequest(readFileSync(path.join(root, 'otel-openai-contrib-json', '001-logs.json')), 'logs', 'json');
  const strip = (l: (typeof pb.logs)[number]) => ({ body: l.body, attributes: l.attributes, severityNumber: l.severityNumber, resource: l.resource, scope: l.scope });
  assert.deepStrictEqual(pb.logs.map(strip), json.logs.map(strip));
  assert.deepStrictEqual(pb.logs[0].body, { content: 'You are a weather bot.' });
});

for (const file of ['otel-sdk-grpc/001-grpc-traces.pb', 'otel-openai-contrib-proto/001-logs.pb', 'traceloop-0.22.2-openai-legacy/001-traces.pb']) {
  test(`${file} cut at every byte offset either decodes or throws OtlpDecodeError`, () => {
    const body = readFileSync(path.join(root, file));
    let rejected = 0;
    for (let cut = 0; cut < body.length; cut++) {
      try {
        decodeRequest(body.subarray(0, cut), signalOf(file), 'protobuf');
      } catch (err) {
        assert.ok(err instanceof OtlpDecodeError, `offset ${cut}: ${String(err)}`);
        assert.ok(err.message.length > 0);
        rejected++;
      }
    }
    // Only cuts at the end of the outer message can be valid (the empty body and the complete one).
    assert.ok(rejected >= body.length - 2, `${rejected} of ${body.length} cuts rejected`);
  });
}
