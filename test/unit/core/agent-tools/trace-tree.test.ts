// The tree get_trace prints: ghost rows after the span a contract named, runs of alike leaves folded,
// flagged or failed spans never folded, and depth limits that count what they hide.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/contracts';
import type { SpanStructure } from '../../../../src/core/model/store-types';
import { buildTree, type TreeItem } from '../../../../src/core/agent-tools/trace-tree';

function s(id: string, parent: string | null, name: string, start: number, status: SpanStructure['status'] = 'ok'): SpanStructure {
  return {
    traceId: 'a'.repeat(32), spanId: id.padStart(16, '0'), parentSpanId: parent === null ? null : parent.padStart(16, '0'), name, kind: 'tool',
    service: 'svc', startTimeUnixNano: String(1000 + start), endTimeUnixNano: String(2000 + start), durationMs: 1, status, errorType: null,
    requestModel: null, inputTokens: null, outputTokens: null, costUsd: null, toolName: null, code: null,
  };
}

function render(items: TreeItem[]): string[] {
  return items.map((it) => `${'.'.repeat(it.depth)}${it.type === 'span' ? `${it.span.name}${it.hidden ? `+${it.hidden}/${it.hiddenErrors}` : ''}`
    : it.type === 'run' ? `${it.spans.length}x${it.spans[0]!.name}${it.hidden ? `+${it.hidden}` : ''}` : `?${it.finding.missing!.label}`}`);
}

const ghost: Finding = {
  traceId: 'a'.repeat(32), spanId: null, contract: 'c', rule: 'r', severity: 'error', message: 'missing',
  missing: { label: 'cite', parentSpanId: '1'.padStart(16, '0'), afterSpanId: '3'.padStart(16, '0') },
};

test('ghost rows follow the span they come after; alike leaves fold, failed and flagged ones do not', () => {
  const spans = [
    s('1', null, 'root', 0), s('2', '1', 'plan', 1), s('3', '1', 'generate', 2), s('4', '1', 'judge', 3),
    s('5', '2', 'search', 4), s('6', '2', 'search', 5), s('7', '2', 'search', 6), s('8', '2', 'search', 7, 'error'),
    s('9', '2', 'search', 8), s('a', '2', 'search', 9), s('b', '2', 'search', 10),
  ];
  const flagged = new Set(['a'.padStart(16, '0')]);
  assert.deepEqual(render(buildTree(spans, { flagged, ghosts: [ghost] })), [
    'root', '.plan', '..3xsearch', '..search', '..search', '..search', '..search', '.generate', '.?cite', '.judge',
  ]);
});

test('a depth limit counts hidden descendants and their errors, and folds clean subtrees', () => {
  const spans = [s('1', null, 'root', 0)];
  for (let i = 0; i < 4; i++) {
    const step = (0x10 + i).toString(16);
    spans.push(s(step, '1', 'step', 10 * i), s(`${step}1`, step, 'call', 10 * i + 1, i === 3 ? 'error' : 'ok'), s(`${step}2`, step, 'call', 10 * i + 2));
  }
  assert.deepEqual(render(buildTree(spans, { flagged: new Set(), ghosts: [], maxDepth: 1 })), ['root', '.3xstep+6', '.step+2/1']);
  assert.deepEqual(render(buildTree(spans, { flagged: new Set(), ghosts: [], maxDepth: 0 })), ['root+12/1']);
});
