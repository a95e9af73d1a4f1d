// Forwarding / remote settings, the header text, the remote search box, and the status tooltip lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  forwardTooltipLines, parseHeaderText, parseSearchText, readForwardTargets, readRemoteConnections,
} from '../../../../src/ext/backends/config';
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

test('remote connections need a known kind and an http(s) URL', () => {
  assert.deepEqual(readRemoteConnections([
    { kind: 'tempo', url: 'http://tempo:3200', name: ' prod ' }, { kind: 'jaeger', url: 'http://jq:16686' },
    { kind: 'zipkin', url: 'http://z' }, { kind: 'tempo', url: 'tempo:3200' },
  ]), [{ kind: 'tempo', url: 'http://tempo:3200', name: 'prod' }, { kind: 'jaeger', url: 'http://jq:16686' }]);
});

test('header text: NAME=VALUE or NAME: VALUE pairs; a malformed pair is refused', () => {
  assert.deepEqual(parseHeaderText('Authorization=Bearer a=b; X-Scope-OrgID: team\n'), {
    Authorization: 'Bearer a=b', 'X-Scope-OrgID': 'team',
  });
  assert.deepEqual(parseHeaderText('  '), {});
  assert.throws(() => parseHeaderText('just-a-token'), /not NAME=VALUE/);
  assert.throws(() => parseHeaderText('bad name=1'), /not a header name/);
});

test('search box: TraceQL as given, else fields, attributes and span-name words', () => {
  assert.deepEqual(parseSearchText(' { status = error } '), { traceql: '{ status = error }' });
  assert.deepEqual(parseSearchText('service:refund-bot workload:"refund bot" op:llm.generate env=prod refund policy'), {
    service: 'refund-bot', workload: 'refund bot', operation: 'llm.generate', attributes: { env: 'prod' }, text: 'refund policy',
  });
  assert.deepEqual(parseSearchText(''), {});
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
