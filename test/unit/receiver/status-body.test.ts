import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeStatusProtobuf, encodeStatus, encodeStatusProtobuf } from '../../../src/receiver/status-body';

test('protobuf google.rpc.Status round-trips code and a multi-byte message', () => {
  const message = 'résumé '.repeat(40); // > 127 bytes: length needs a two-byte varint
  const bytes = encodeStatusProtobuf(3, message);
  assert.equal(bytes[0], 0x08);
  assert.equal(bytes[1], 3);
  assert.equal(bytes[2], 0x12);
  assert.deepEqual(decodeStatusProtobuf(bytes), { code: 3, message });
});

test('JSON status body carries code and message', () => {
  const parsed = JSON.parse(Buffer.from(encodeStatus('json', 8, 'queue full')).toString()) as unknown;
  assert.deepEqual(parsed, { code: 8, message: 'queue full' });
});

test('decodeStatusProtobuf rejects bytes that are not a Status', () => {
  assert.equal(decodeStatusProtobuf(Uint8Array.from([0x12, 0x05, 0x41])), null);
  assert.equal(decodeStatusProtobuf(Uint8Array.from([0x1a, 0x00])), null);
});
