// Forwarding settings and the status tooltip lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forwardTooltipLines, readForwardTargets } from '../../../../src/ext/forward/config';
import type { EndpointStatus } from '../../../../src/core/forward/forwarder';

test('forward endpoints: strings or objects, bad URLs and protocols dropped or defaulted, duplicates once', () => {
  assert.deepEqual(readForwardTargets([
    'https://otel.example:4318', { url: 'http://c:4317', protocol: 'grpc' }, { url: 'http://j', protocol: 'carrier-pigeon' },
    'ftp://nope', 42, 'https://otel.example:4318',
  ]), [
    { url: 'https://otel.example:4318', protocol: 'http/protobuf' },
    { url: 'http://c:4317', protocol: 'grpc' },
    { url: 'http://j', protocol: 'http/protobuf' },
  ]);
  assert.deepEqual(readForwardTargets('http://x'), []);
});

test('tooltip lines: forwarded, queued, dropped, refused, and the failure with its retry', () => {
  const base: EndpointStatus = {
    url: 'https://otel.example', protocol: 'http/protobuf', queuedRequests: 2, queuedItems: 40, queuedBytes: 1000,
    droppedRequests: 0, droppedItems: 0, forwardedRequests: 5, forwardedItems: 1200, rejectedRequests: 0,
    failing: false, lastError: null, lastErrorAt: null, retryAt: null,
  };
  assert.deepEqual(forwardTooltipLines([base]), ['Forwarding to https://otel.example (http/protobuf): 1,200 spans forwarded · 40 spans queued']);
  const failing = forwardTooltipLines([{ ...base, failing: true, lastError: 'HTTP 503', retryAt: 10_000, droppedRequests: 1, droppedItems: 7, rejectedRequests: 1 }], 7_500);
  assert.equal(failing[0], 'Forwarding to https://otel.example (http/protobuf): 1,200 spans forwarded · 40 spans queued · 7 spans dropped (queue full) · 1 request refused\n  failing, retrying in 3 s: HTTP 503');
});
