import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanSearchQuery, SpanStructure } from '../../../../src/core/store';
import { findCodeSpans, matchesCodeFilter } from '../../../../src/ext/links/code-spans';
import type { CodeSpanFilter } from '../../../../src/protocol/messages';
import { codeLabel } from '../../../../webview/model/codeLocation';

function span(id: string, name: string, file: string | null, line: number | null): SpanStructure {
  return {
    traceId: `t-${id}`, spanId: id, parentSpanId: null, name, kind: 'other', service: null,
    startTimeUnixNano: '1', endTimeUnixNano: '2', durationMs: 1, status: 'ok', errorType: null, requestModel: null,
    inputTokens: null, outputTokens: null, costUsd: null, toolName: null,
    code: file === null ? null : { filePath: file, line, column: null, function: null, stacktrace: null },
  };
}

const filter: CodeSpanFilter = {
  spanName: 'triage.route', codeFiles: ['/app/router.ts', 'C:\\b\\router.ts'], codeLine: 12, latest: { traceId: 't-a', spanId: 'a' },
};

test('a span matches when name, one of the recorded files and the line agree', () => {
  assert.equal(matchesCodeFilter(span('a', 'triage.route', '/app/router.ts', 12), filter), true);
  assert.equal(matchesCodeFilter(span('b', 'triage.route', 'C:\\b\\router.ts', 12), filter), true);
  assert.equal(matchesCodeFilter(span('c', 'triage.route', '/app/router.ts', 13), filter), false, 'other line');
  assert.equal(matchesCodeFilter(span('d', 'triage.route.sub', '/app/router.ts', 12), filter), false, 'name is exact, not a substring');
  assert.equal(matchesCodeFilter(span('e', 'triage.route', '/app/other.ts', 12), filter), false, 'other file');
  assert.equal(matchesCodeFilter(span('f', 'triage.route', null, null), filter), false, 'no location');
  assert.equal(matchesCodeFilter(span('g', 'triage.route', '/app/router.ts', 99), { ...filter, codeLine: null }), true, 'a lens without line matches any line');
});

test('findCodeSpans searches by name, keeps the store order and reports truncation', async () => {
  const queries: SpanSearchQuery[] = [];
  const store = {
    searchSpans: async (q: SpanSearchQuery) => {
      queries.push(q);
      return [
        span('n1', 'triage.route', '/app/router.ts', 12),
        span('n2', 'triage.route.sub', '/app/router.ts', 12),
        span('n3', 'triage.route', '/app/router.ts', 12),
        span('n4', 'triage.route', '/app/router.ts', 12),
      ];
    },
  };
  const all = await findCodeSpans(store, filter);
  assert.deepEqual(all.spans.map((s) => s.spanId), ['n1', 'n3', 'n4']);
  assert.equal(all.truncated, false);
  assert.equal(queries[0]?.name, 'triage.route');
  const two = await findCodeSpans(store, filter, 2);
  assert.deepEqual(two.spans.map((s) => s.spanId), ['n1', 'n3']);
  assert.equal(two.truncated, true);
});

test('the code-location label is the file name and line of the first recorded path', () => {
  assert.equal(codeLabel(filter), 'router.ts:12');
  assert.equal(codeLabel({ ...filter, codeFiles: ['C:\\b\\x.py'], codeLine: null }), 'x.py');
});
