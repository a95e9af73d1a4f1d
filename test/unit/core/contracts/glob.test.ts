import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { globMatches } from '../../../../src/core/contracts/patterns';

/** Reference semantics, written the obvious way with a regex (fine for the short strings generated here). */
function referenceMatch(glob: string, value: string): boolean {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '\\' && i + 1 < glob.length) source += `\\u${glob.charCodeAt(++i).toString(16).padStart(4, '0')}`;
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
  return new RegExp(`^${source}$`).test(value);
}

describe('globMatches', () => {
  test('agrees with the regex semantics on random globs and names', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '*', '?', '\\');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.', '*'), maxLength: 12 }),
        (glob, value) => globMatches(glob, value) === referenceMatch(glob, value)),
      { numRuns: 2000 },
    );
  });

  test('examples', () => {
    assert.equal(globMatches('tool.*', 'tool.citation_check'), true);
    assert.equal(globMatches('tool.*', 'llm.generate'), false);
    assert.equal(globMatches('job\\*1', 'job*1'), true);
    assert.equal(globMatches('job\\*1', 'jobX1'), false);
    assert.equal(globMatches('a?c', 'abc'), true);
    assert.equal(globMatches('', ''), true);
    assert.equal(globMatches('*', ''), true);
  });

  test('many stars against a long hostile name answers (no regex backtracking blow-up)', () => {
    assert.equal(globMatches('*a*a*a*a*a*x', 'a'.repeat(5000)), false);
    assert.equal(globMatches('*a*a*a*a*a*x', `${'a'.repeat(5000)}x`), true);
  });
});
