import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toSlashPath } from '../../../../src/core/links/paths';
import { compareVersions } from '../../../../src/core/links/versions';
import { scanLiterals } from '../../../../src/core/links/literal-search';
import { mapPathToWorkspace } from '../../../../src/core/links/path-mapping';

const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9_. -]{0,8}$/).filter((s) => s !== '.' && s !== '..' && !s.endsWith(' '));
const version = fc.oneof(
  fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }).map((n) => n.join('.')),
  fc.array(fc.nat(30), { minLength: 1, maxLength: 3 }).map((n) => `v${n.join('.')}`),
  fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
);

describe('links properties', () => {
  it('toSlashPath is idempotent', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', 'C:\\', 'file:///', ''), (segs, prefix) => {
        const sep = prefix === 'C:\\' ? '\\' : '/';
        const once = toSlashPath(prefix + segs.join(sep));
        assert.equal(toSlashPath(once), once);
        assert.ok(!once.includes('\\'));
      }),
    );
  });

  it('compareVersions is antisymmetric and consistent with sorting', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        assert.equal(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a)), 0);
        if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) assert.ok(compareVersions(a, c) <= 0);
      }),
    );
  });

  it('scanLiterals returns the content of any simple quoted literal', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[^'"`\\\n]{0,20}$/), fc.constantFrom("'", '"', '`'), (content, quote) => {
        const found = scanLiterals(`call(${quote}${content}${quote}, 1)`, 'none');
        assert.deepEqual(
          found.map((l) => l.value),
          [content],
        );
      }),
    );
  });

  it('a workspace file recorded under any prefix maps back to itself first', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { minLength: 0, maxLength: 3 }),
        (rel, prefix) => {
          const relPath = rel.join('/');
          // The decoy shares the file name under a folder no generated segment can be ('~' is outside
          // the segment alphabet): a recorded prefix like "x" must not make it a genuinely better match.
          const others = ['zz/other.ts', `decoy~/${rel[rel.length - 1]}`];
          const recorded = `/${[...prefix, ...rel].join('/')}`;
          const [best] = mapPathToWorkspace(recorded, { workspaceFiles: [relPath, ...others], workspaceRoots: ['/ws'] });
          assert.equal(best?.relPath, relPath);
        },
      ),
      { examples: [[['A'], ['x']]] },
    );
  });
});
