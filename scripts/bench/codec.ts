// Decode rate of the OTLP codec: 512-span batches with 20 attributes, protobuf and JSON.
// Prints each rate and ratios between them, all measured in this run.
// Run: node --import tsx scripts/bench/codec.ts   (prints numbers; asserts nothing)
import { decodeRequest, encodeTracesJson, encodeTracesProtobuf } from '../../src/core/otlp';
import type { Attributes, RawSpan } from '../../src/core/model/types';
import { ratio } from './lib/report';

const BATCH = 512;
const ATTRS = 20;

function hex(n: number, bytes: number): string {
  return n.toString(16).padStart(bytes * 2, '0').slice(-bytes * 2);
}

function makeBatch(seed: number): RawSpan[] {
  const resource: Attributes = { 'service.name': 'bench', 'host.name': 'vm', 'process.pid': 4242 };
  const spans: RawSpan[] = [];
  const start = 1_795_271_778_701_000_000n;
  for (let i = 0; i < BATCH; i++) {
    const attributes: Attributes = {};
    for (let a = 0; a < ATTRS; a++) {
      const k = `gen_ai.attr_${a}`;
      attributes[k] = a % 4 === 0 ? i * a : a % 4 === 1 ? a + 0.25 : a % 4 === 2 ? `value ${i} ${a} lorem ipsum` : a % 8 === 3;
    }
    spans.push({
      traceId: hex(seed, 8) + hex(i >> 4, 8),
      spanId: hex(seed * 1000 + i + 1, 8),
      parentSpanId: i % 16 === 0 ? null : hex(seed * 1000 + (i & ~15) + 1, 8),
      traceState: '',
      name: `chat gpt-bench ${i % 7}`,
      otelKind: 3,
      startTimeUnixNano: String(start + BigInt(i) * 1_000_003n),
      endTimeUnixNano: String(start + BigInt(i) * 1_000_003n + 750_000n),
      attributes,
      events: [],
      links: [],
      statusCode: i % 50 === 0 ? 2 : 0,
      statusMessage: '',
      resource,
      scope: { name: '@bench/instrumentation', version: '1.0.0' },
    });
  }
  return spans;
}

/** Median spans/s of decodeRequest over `body`; prints the line and returns the median. */
function measure(label: string, body: Uint8Array, encoding: 'protobuf' | 'json'): number {
  const rounds = 40;
  for (let i = 0; i < 10; i++) decodeRequest(body, 'traces', encoding); // warm up
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) decodeRequest(body, 'traces', encoding);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    samples.push((rounds * BATCH) / seconds);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(38)} ${(body.length / 1024).toFixed(0).padStart(5)} KiB/batch  median ${Math.round(median).toLocaleString('en-US').padStart(9)} spans/s  (min ${Math.round(samples[0]).toLocaleString('en-US')}, max ${Math.round(samples[samples.length - 1]).toLocaleString('en-US')})`);
  return median;
}

const spans = makeBatch(7);
const protobuf = encodeTracesProtobuf(spans);
const jsonText = JSON.stringify(encodeTracesJson(spans));
const json = new TextEncoder().encode(jsonText);
// The OTel JS exporter sends intValue as numbers and no long integer literals; times stay strings.
const jsExporterStyle = new TextEncoder().encode(jsonText.replace(/"intValue":"(-?\d+)"/g, '"intValue":$1'));
const bigNumberTimes = new TextEncoder().encode(jsonText.replace(/"(start|end)TimeUnixNano":"(\d+)"/g, '"$1TimeUnixNano":$2'));

console.log(`codec decode, ${BATCH}-span batches with ${ATTRS} attributes (node ${process.version})`);
const rates = {
  protobuf: measure('protobuf', protobuf, 'protobuf'),
  json: measure('JSON (string int64, spec form)', json, 'json'),
  jsExporter: measure('JSON (numeric intValue, JS exporter)', jsExporterStyle, 'json'),
  bareTimes: measure('JSON (times as bare numbers)', bigNumberTimes, 'json'),
};
console.log(`ratios (same run, median spans/s): protobuf / JSON spec form = ${ratio(rates.protobuf, rates.json)}, `
  + `protobuf / JSON JS exporter = ${ratio(rates.protobuf, rates.jsExporter)}, `
  + `JSON bare-number times / JSON spec form = ${ratio(rates.bareTimes, rates.json)}`);
console.log(`bytes: JSON spec form / protobuf = ${ratio(json.length, protobuf.length)}`);
