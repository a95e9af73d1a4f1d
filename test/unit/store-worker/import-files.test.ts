import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecodedRequest } from '../../../src/core/model/types';
import { decodeRequest, type OtlpEncoding, type OtlpSignal } from '../../../src/core/otlp';
import { emptyIngestResult, ingestFileContent, splitImportFile } from '../../../src/store-worker/import-files';

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

describe('ingestFileContent', () => {
  const fixtures = join(__dirname, '../../fixtures/otlp/otel-openai-contrib-proto');

  for (const file of ['008-traces.pb', '001-logs.pb']) {
    test(`hands the store the request it decoded while telling traces from logs (${file})`, () => {
      const content = readFileSync(join(fixtures, file));
      const received: Array<{ signal: OtlpSignal; decoded: DecodedRequest | undefined }> = [];
      const store = {
        ingestRequest(body: Uint8Array, signal: OtlpSignal, encoding: OtlpEncoding, decoded?: DecodedRequest) {
          received.push({ signal, decoded });
          const request = decoded ?? decodeRequest(body, signal, encoding);
          return { ...emptyIngestResult(), acceptedSpans: request.spans.length, acceptedLogs: request.logs.length };
        },
      };
      // A neutral name, so the signal comes from the content, not a name hint.
      const result = ingestFileContent(store, 'capture.bin', content);
      const signal: OtlpSignal = file.includes('logs') ? 'logs' : 'traces';
      assert.equal(received.length, 1);
      assert.equal(received[0]!.signal, signal);
      assert.deepEqual(received[0]!.decoded, decodeRequest(content, signal, 'protobuf'));
      assert.ok(result.acceptedSpans + result.acceptedLogs > 0);
    });
  }
});
