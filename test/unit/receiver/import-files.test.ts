import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRequest } from '../../../src/core/otlp';
import { splitImportFile } from '../../../src/receiver/import-files';

// A request as some senders write it: times as bare JSON numbers above 2^53.
const request = (spanId: string, start: string) =>
  `{"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"s"},"spans":[` +
  `{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"${spanId}","name":"n","kind":1,` +
  `"startTimeUnixNano":${start},"endTimeUnixNano":${start}}]}]}]}`;

describe('splitImportFile', () => {
  test('an array of requests keeps nanosecond times exact', () => {
    const text = `[${request('b7ad6b7169203331', '1700000000123456789')},${request('b7ad6b7169203332', '1700000000987654321')}]`;
    const units = splitImportFile('runs.json', new TextEncoder().encode(text));
    assert.equal(units.length, 2);
    const starts = units.map((u) => decodeRequest(u.body, u.signal, u.encoding).spans[0]!.startTimeUnixNano);
    assert.deepEqual(starts, ['1700000000123456789', '1700000000987654321']);
  });

  test('JSON lines: one request per line', () => {
    const text = `${request('b7ad6b7169203331', '"1"')}\n\n${request('b7ad6b7169203332', '"2"')}\n`;
    const units = splitImportFile('runs.jsonl', new TextEncoder().encode(text));
    assert.deepEqual(units.map((u) => u.source), ['runs.jsonl:1', 'runs.jsonl:3']);
  });
});
