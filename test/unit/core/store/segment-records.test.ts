// The record format: a 40-byte header (magic, kind, resource id, length, crc32, trace/span ids) + body.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  RECORD_HEADER_BYTES, RECORD_MAGIC, RecordKind, checkRecord, encodeRecord, recordBody,
} from '../../../../src/core/store/segment-records';
import { spanId, traceId } from './helpers';

describe('segment records', () => {
  it('encodes the header fields where the format says and reads them back', () => {
    const body = '{"name":"Größe"}';
    const record = encodeRecord(RecordKind.Span, 0x123456, traceId(5), spanId(5, 2), body);
    assert.equal(record.length, RECORD_HEADER_BYTES + Buffer.byteLength(body));
    assert.equal(record.readUInt32LE(0), RECORD_MAGIC);
    assert.equal(record.toString('latin1', 0, 4), 'ATS1');
    assert.equal(record[4], RecordKind.Span);
    assert.equal(record.readUIntLE(5, 3), 0x123456);
    assert.equal(record.readUInt32LE(8), Buffer.byteLength(body));
    assert.equal(record.toString('hex', 16, 32), traceId(5));
    assert.equal(record.toString('hex', 32, 40), spanId(5, 2));
    const check = checkRecord(record, 0);
    assert.ok(check.ok);
    assert.deepEqual(check.header, {
      kind: RecordKind.Span, resourceId: 0x123456, bodyBytes: Buffer.byteLength(body), traceId: traceId(5),
      spanId: spanId(5, 2),
    });
    assert.equal(recordBody(record, 0, check.totalBytes), body);
  });

  it('gives null ids for a record without them, and finds a record at an offset', () => {
    const record = encodeRecord(RecordKind.Resource, 7, null, null, Buffer.from('{}'));
    const data = Buffer.concat([Buffer.from('xyz'), record]);
    const check = checkRecord(data, 3);
    assert.ok(check.ok);
    assert.equal(check.header.traceId, null);
    assert.equal(check.header.spanId, null);
    assert.equal(check.header.resourceId, 7);
    assert.equal(recordBody(data, 3, check.totalBytes), '{}');
  });

  it('detects a flipped bit anywhere in the record', () => {
    const record = encodeRecord(RecordKind.Log, 0, traceId(1), spanId(1, 1), '{"body":"hello"}');
    for (let byte = 0; byte < record.length; byte++) {
      const copy = Buffer.from(record);
      copy[byte] ^= 0x01;
      const check = checkRecord(copy, 0);
      assert.equal(check.ok, false, `a flip at byte ${byte} went unnoticed`);
      if (!check.ok && byte >= 8 && byte < 12) continue; // the length itself: damaged or incomplete
      if (!check.ok) assert.equal(check.reason, 'damaged', `byte ${byte}`);
    }
  });

  it('calls a record cut short incomplete, and an unknown kind damaged', () => {
    const record = encodeRecord(RecordKind.Span, 1, traceId(1), spanId(1, 1), '{"a":1}');
    assert.deepEqual(checkRecord(record.subarray(0, 20), 0), { ok: false, reason: 'incomplete', totalBytes: null });
    assert.deepEqual(checkRecord(record.subarray(0, record.length - 1), 0),
      { ok: false, reason: 'incomplete', totalBytes: record.length });
    const unknown = Buffer.from(record);
    unknown[4] = 9;
    assert.equal(checkRecord(unknown, 0).ok, false);
  });
});
