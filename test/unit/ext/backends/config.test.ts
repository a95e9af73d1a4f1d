// Backend connections, the header text and the remote search box.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHeaderText, parseSearchText, readRemoteConnections } from '../../../../src/ext/backends/config';

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
