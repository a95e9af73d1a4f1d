import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inheritPromptVersions, inheritedPromptVersion, type PromptTreeNode } from '../../../../src/core/model/prompt-inheritance';

type Node = PromptTreeNode & { spanId: string };
const node = (spanId: string, parentSpanId: string | null, promptName: string | null, promptVersion: string | null): Node =>
  ({ spanId, parentSpanId, promptName, promptVersion });

test('a span naming a prompt without a version takes the nearest same-named ancestor\'s version', () => {
  const spans = [
    node('agent', null, 'weather', '7'),
    node('step', 'agent', 'weather', '8'),
    node('other', 'step', 'billing', '1'),
    node('chat', 'other', 'weather', null),
    node('chat2', 'step', 'billing', null),
    node('chat3', 'agent', 'weather', '2'),
    node('plain', 'agent', null, null),
  ];
  inheritPromptVersions(spans);
  assert.deepEqual(spans.map((s) => s.promptVersion), ['7', '8', '1', '8', null, '2', null],
    'past a differently named ancestor; none when no ancestor names the same prompt; own versions stay');
});

test('ancestors without a version are passed over, and the order spans arrive in does not matter', () => {
  const ordered = [node('root', null, 'p', 'v1'), node('mid', 'root', 'p', null), node('leaf', 'mid', 'p', null)];
  const reversed = [...ordered].reverse().map((s) => ({ ...s }));
  assert.deepEqual(inheritPromptVersions(ordered.map((s) => ({ ...s }))).map((s) => s.promptVersion), ['v1', 'v1', 'v1']);
  assert.deepEqual(inheritPromptVersions(reversed).map((s) => s.promptVersion), ['v1', 'v1', 'v1']);
});

test('a missing ancestor (not arrived yet) or a cyclic parent chain yields no version', () => {
  assert.equal(inheritedPromptVersion(node('c', 'gone', 'p', null), () => null), null);
  const cycle = new Map([['a', node('a', 'b', 'p', null)], ['b', node('b', 'a', 'p', null)]]);
  assert.equal(inheritedPromptVersion(node('c', 'a', 'p', null), (id) => cycle.get(id) ?? null), null);
});
