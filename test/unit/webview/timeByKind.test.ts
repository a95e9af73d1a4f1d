import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeByKind } from '../../../webview/model/timeByKind';
import { buildTreeIndex } from '../../../webview/model/tree';
import { span } from './helpers';

test('time by kind adds up to the trace duration, with gaps as idle', () => {
  const index = buildTreeIndex([
    span('agent', null, 0, 100, { kind: 'agent' }),
    span('retrieve', 'agent', 0, 20, { kind: 'retrieval' }),
    span('llm', 'agent', 30, 40, { kind: 'llm' }),
    span('http', 'llm', 35, 10, { kind: 'other' }),
    span('tool', 'agent', 60, 30, { kind: 'tool' }),
    span('log', 'agent', 95, 5, { kind: 'other' }),
  ]);
  const t = timeByKind(index);
  // llm 30–70 wins over the tool's overlap 60–70; tool 70–90; idle 20–30 and 90–95.
  assert.deepEqual(t, { llm: 40, tool: 20, retrieval: 20, other: 5, idle: 15 });
  assert.equal(t.llm + t.tool + t.retrieval + t.other + t.idle, index.totalMs);
});

test('a leaf of any other kind is work; a parent of another kind is a wrapper', () => {
  const index = buildTreeIndex([
    span('handler', null, 0, 10),
    span('db', 'handler', 2, 4),
  ]);
  assert.deepEqual(timeByKind(index), { llm: 0, tool: 0, retrieval: 0, other: 4, idle: 6 });
  assert.deepEqual(timeByKind(buildTreeIndex([])), { llm: 0, tool: 0, retrieval: 0, other: 0, idle: 0 });
});
