import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TreeSpan } from '../../../src/protocol/messages';
import { packSpans, unpackSpans } from '../../../src/protocol/packing';
import { span } from '../webview/helpers';

test('pack/unpack round-trips every field, including external parents, code and badges', () => {
  const spans: TreeSpan[] = [
    span('r', null, 0, 100, { kind: 'agent', service: 'svc' }),
    span('a', 'r', 10, 5, { kind: 'llm', requestModel: 'gpt', inputTokens: 3, outputTokens: 4, costUsd: 0.5, service: 'svc' }),
    span('o', 'gone', 20, 1, { status: 'error', errorType: 'Boom', toolName: 't',
      code: { filePath: 'src/a.ts', line: 3, column: null, function: 'f', stacktrace: null },
      badges: [{ text: 'missing', severity: 'warning' }] }),
  ];
  const packed = packSpans('t1', spans);
  const back = unpackSpans(JSON.parse(JSON.stringify(packed)));
  assert.deepEqual(back, spans);
  assert.deepEqual(packed.externalParents, ['gone']);
});

test('times stay exact to the nanosecond beyond 2^53', () => {
  const s = span('x', null, 0, 0, { startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000123456790' });
  const back = unpackSpans(packSpans('t', [s]))[0]!;
  assert.equal(back.startTimeUnixNano, '1700000000123456789');
  assert.equal(back.endTimeUnixNano, '1700000000123456790');
});

test('the packed JSON is much smaller than the object form', () => {
  const spans = Array.from({ length: 2000 }, (_, i) => span(`s${i}`.padStart(16, '0'), i === 0 ? null : '000000000000000s0', i, 1,
    { traceId: 'f'.repeat(32), name: i % 2 ? 'chat gpt-4o' : 'execute_tool search', kind: i % 2 ? 'llm' : 'tool', service: 'agent' }));
  const objects = JSON.stringify(spans).length;
  const packed = JSON.stringify(packSpans('f'.repeat(32), spans)).length;
  assert.ok(packed * 3 < objects, `${packed} vs ${objects}`);
});

test('property: round trip for arbitrary parent links and nullable fields', () => {
  fc.assert(fc.property(
    fc.array(fc.record({
      parent: fc.option(fc.nat(30), { nil: null }),
      start: fc.nat(1_000_000),
      dur: fc.nat(1000),
      model: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
      tokens: fc.option(fc.nat(), { nil: null }),
    }), { maxLength: 40 }),
    (rows) => {
      const spans = rows.map((r, i) => span(`s${i}`, r.parent === null ? null : `s${r.parent}`, r.start, r.dur,
        { requestModel: r.model, inputTokens: r.tokens }));
      assert.deepEqual(unpackSpans(JSON.parse(JSON.stringify(packSpans('t1', spans)))), spans);
    },
  ));
});
