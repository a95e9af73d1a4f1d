// The list filter's store query: the agent-internals toggle lists coding agents' bookkeeping traces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FILTER, toTraceFilter } from '../../../webview/model/filter';

test('internals reach the query only when the toggle is on', () => {
  assert.equal(toTraceFilter(EMPTY_FILTER).internals, undefined);
  assert.equal(toTraceFilter({ ...EMPTY_FILTER, internals: true }).internals, true);
});
