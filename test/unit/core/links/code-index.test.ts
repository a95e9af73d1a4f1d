import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexStatsByFile } from '../../../../src/core/links/code-index';

describe('indexStatsByFile', () => {
  it('files stats under the local path, by line, resolving each recorded path once', () => {
    const calls: string[] = [];
    const resolve = (p: string): string | null => {
      calls.push(p);
      if (p === '/app/src/a.ts' || p === 'C:/build/src/a.ts') return '/ws/src/a.ts';
      return null;
    };
    const index = indexStatsByFile([
      { codeFile: '/app/src/a.ts', codeLine: 3, name: 'x' },
      { codeFile: '/app/src/a.ts', codeLine: 3, name: 'y' },
      { codeFile: 'C:/build/src/a.ts', codeLine: 10, name: 'z' },
      { codeFile: '/app/src/a.ts', codeLine: null, name: 'w' },
      { codeFile: '/elsewhere/b.ts', codeLine: 1, name: 'v' },
    ], resolve);
    assert.deepEqual(calls, ['/app/src/a.ts', 'C:/build/src/a.ts', '/elsewhere/b.ts']);
    assert.deepEqual([...index.keys()], ['/ws/src/a.ts']);
    const file = index.get('/ws/src/a.ts')!;
    assert.deepEqual(file.byLine.get(3)!.map((s) => s.name), ['x', 'y']);
    assert.deepEqual(file.byLine.get(10)!.map((s) => s.name), ['z']);
    assert.deepEqual(file.byLine.get(1)!.map((s) => s.name), ['w']);
    assert.deepEqual([...file.recordedPaths].sort(), ['/app/src/a.ts', 'C:/build/src/a.ts']);
  });
});
