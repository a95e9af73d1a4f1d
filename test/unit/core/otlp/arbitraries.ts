// fast-check generators shared by the codec property tests.
import fc from 'fast-check';
import type {
  AttrValue, Attributes, OtelSpanKind, OtelStatusCode, RawLogRecord, RawSpan, SpanEvent, SpanLink,
} from '../../../../src/core/model/types';
import { setAttr } from '../../../../src/core/otlp/any-value';

export const hexId = (bytes: number): fc.Arbitrary<string> =>
  fc.uint8Array({ minLength: bytes, maxLength: bytes })
    .map((b) => Buffer.from(b).toString('hex'))
    // all-zero ids are invalid in OTel and the SDK drops them; keep the generator realistic
    .filter((h) => /[1-9a-f]/.test(h));

export const text = fc.string({ unit: 'binary', maxLength: 12 });
export const key = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 });

/** Nanoseconds since the epoch as a bigint, biased to values above 2^53 (every real timestamp is). */
export const nanos = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 2_000_000_000_000_000_000n }),
  fc.constantFrom(0n, (1n << 53n) + 1n, (1n << 63n) - 1n),
);

const nonIntegerDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));
const safeInt = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 0));

/** Values an SDK attribute / log body may carry, as the OTel JS transformer serializes them. */
export const sdkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.boolean(),
    safeInt,
    nonIntegerDouble,
    fc.constant(null),
    fc.uint8Array({ maxLength: 9 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

/** What the decoder must make of an `sdkValue`. */
export function expectedValue(v: unknown): AttrValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(expectedValue);
  if (typeof v === 'object') {
    const out: Record<string, AttrValue> = {};
    // A generated `__proto__` key must stay an own key here too, as the decoders keep it.
    for (const [k, x] of Object.entries(v)) setAttr(out, k, expectedValue(x));
    return out;
  }
  return v as AttrValue;
}

export const sdkAttributes = fc.dictionary(key, sdkValue, { maxKeys: 5, noNullPrototype: true });

/** Values of the decoded model (RawSpan attributes), for round trips through this codec's encoders. */
export const attrValue: fc.Arbitrary<AttrValue> = fc.letrec<{ value: AttrValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.boolean(),
    safeInt.map((n) => (n === 0 ? 0 : n)),
    fc.double().map((d) => (Object.is(d, -0) ? 0 : d)),
    fc.constant(null),
    fc.constantFrom('9223372036854775807', '-9223372036854775808'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  ),
})).value;

export const attributes: fc.Arbitrary<Attributes> = fc.dictionary(key, attrValue, { maxKeys: 5, noNullPrototype: true });

const resource = fc.constantFrom<Attributes>(
  { 'service.name': 'svc-a' },
  { 'service.name': 'svc-b', 'host.name': 'vm', pid: 12 },
  {},
);
const scope = fc.constantFrom({ name: 'lib-x', version: '1.0.0' }, { name: 'lib-y', version: '' }, { name: '', version: '' });

const plain = { noNullPrototype: true } as const;
const event: fc.Arbitrary<SpanEvent> = fc.record({ name: text, timeUnixNano: nanos.map(String), attributes }, plain);
const link: fc.Arbitrary<SpanLink> = fc.record({ traceId: hexId(16), spanId: hexId(8), attributes }, plain);

export const rawSpan: fc.Arbitrary<RawSpan> = fc.record({
  traceId: hexId(16),
  spanId: hexId(8),
  parentSpanId: fc.option(hexId(8), { nil: null }),
  traceState: fc.constantFrom('', 'vendor=abc'),
  name: text,
  otelKind: fc.integer({ min: 0, max: 5 }).map((k) => k as OtelSpanKind),
  startTimeUnixNano: nanos.map(String),
  endTimeUnixNano: nanos.map(String),
  attributes,
  events: fc.array(event, { maxLength: 2 }),
  links: fc.array(link, { maxLength: 2 }),
  statusCode: fc.integer({ min: 0, max: 2 }).map((c) => c as OtelStatusCode),
  statusMessage: text,
  resource,
  scope,
}, plain);

export const rawLog: fc.Arbitrary<RawLogRecord> = fc.record({
  timeUnixNano: nanos.map(String),
  observedTimeUnixNano: nanos.map(String),
  severityNumber: fc.integer({ min: 0, max: 24 }),
  severityText: fc.constantFrom('', 'INFO', 'ERROR'),
  body: attrValue,
  attributes,
  eventName: fc.constantFrom('', 'gen_ai.user.message'),
  traceId: fc.option(hexId(16), { nil: null }),
  spanId: fc.option(hexId(8), { nil: null }),
  resource,
  scope,
}, plain);

/** The order a grouped request decodes in: items regrouped by resource, then scope, first-seen order. */
export function inGroupOrder<T extends { resource: Attributes; scope: { name: string; version: string } }>(items: T[]): T[] {
  const groups = new Map<string, Map<string, T[]>>();
  for (const item of items) {
    const rk = JSON.stringify(item.resource);
    const sk = JSON.stringify([item.scope.name, item.scope.version]);
    if (!groups.has(rk)) groups.set(rk, new Map());
    const scopes = groups.get(rk)!;
    if (!scopes.has(sk)) scopes.set(sk, []);
    scopes.get(sk)!.push(item);
  }
  return [...groups.values()].flatMap((scopes) => [...scopes.values()].flat());
}
