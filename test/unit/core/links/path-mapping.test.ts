import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapPathToWorkspace } from '../../../../src/core/links/path-mapping';
import { toSlashPath } from '../../../../src/core/links/paths';

const ROOT = '/home/dev/bot';
const FILES = ['src/agent.ts', 'src/tools/lookup.ts', 'test/agent.ts', 'lib/src/agent.ts', 'README.md'];

describe('toSlashPath', () => {
  it('normalizes URIs, Windows paths and dot segments', () => {
    assert.equal(toSlashPath('file:///app/src/a%20b.ts'), '/app/src/a b.ts');
    assert.equal(toSlashPath('file:///c:/Work/x.ts'), 'C:/Work/x.ts');
    assert.equal(toSlashPath('c:\\Work\\sub\\..\\x.ts'), 'C:/Work/x.ts');
    assert.equal(toSlashPath('file://server/share/x.ts'), '//server/share/x.ts');
    assert.equal(toSlashPath('webpack:///./src/a.ts'), 'src/a.ts');
    assert.equal(toSlashPath('./src/./a.ts'), 'src/a.ts');
  });
});

describe('mapPathToWorkspace', () => {
  it('maps a container path by its longest suffix', () => {
    const c = mapPathToWorkspace('/app/src/agent.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.equal(c[0]?.path, '/home/dev/bot/src/agent.ts');
    assert.equal(c[0]?.reason, 'suffix');
    assert.equal(c[0]?.matchedSegments, 2);
    assert.equal(c[0]?.relPath, 'src/agent.ts');
    // test/agent.ts shares only the file name: ranked after
    assert.ok(c.findIndex((x) => x.relPath === 'test/agent.ts') > 0);
  });

  it('breaks suffix ties by the shorter path', () => {
    const c = mapPathToWorkspace('/ci/checkout/src/agent.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.deepEqual(
      c.slice(0, 2).map((x) => x.relPath),
      ['src/agent.ts', 'lib/src/agent.ts'],
    );
  });

  it('finds the exact absolute path first', () => {
    const c = mapPathToWorkspace('/home/dev/bot/lib/src/agent.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.equal(c[0]?.reason, 'exact');
    assert.equal(c[0]?.relPath, 'lib/src/agent.ts');
  });

  it('resolves a workspace-relative recorded path exactly', () => {
    const c = mapPathToWorkspace('src/tools/lookup.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.equal(c[0]?.reason, 'exact');
    assert.equal(c[0]?.path, '/home/dev/bot/src/tools/lookup.ts');
  });

  it('ranks a configured mapping above everything else', () => {
    const c = mapPathToWorkspace('/app/src/agent.ts', {
      mappings: [{ from: '/app', to: 'lib' }],
      workspaceFiles: FILES,
      workspaceRoots: [ROOT],
    });
    assert.equal(c[0]?.reason, 'mapping');
    assert.equal(c[0]?.path, '/home/dev/bot/lib/src/agent.ts');
    assert.equal(c[0]?.verified, true);
    assert.equal(c[1]?.relPath, 'src/agent.ts');
  });

  it('keeps a mapping whose target is not listed, after the verified candidates', () => {
    const c = mapPathToWorkspace('/app/src/agent.ts', {
      mappings: [{ from: '/app/', to: '/elsewhere' }],
      workspaceFiles: FILES,
      workspaceRoots: [ROOT],
    });
    assert.equal(c[0]?.reason, 'suffix');
    const last = c[c.length - 1];
    assert.equal(last?.path, '/elsewhere/src/agent.ts');
    assert.equal(last?.verified, false);
  });

  it('does not apply a mapping on a partial segment', () => {
    const c = mapPathToWorkspace('/application/src/agent.ts', {
      mappings: [{ from: '/app', to: 'lib' }],
      workspaceFiles: FILES,
      workspaceRoots: [ROOT],
    });
    assert.ok(c.every((x) => x.reason !== 'mapping'));
  });

  it('maps Windows paths with another drive-letter case onto a Windows workspace', () => {
    const c = mapPathToWorkspace('c:\\Users\\dev\\bot\\src\\agent.ts', {
      workspaceFiles: ['src/agent.ts'],
      workspaceRoots: ['C:\\Users\\dev\\bot'],
    });
    assert.equal(c[0]?.reason, 'exact');
    assert.equal(c[0]?.path, 'C:/Users/dev/bot/src/agent.ts');
  });

  it('maps a Windows path recorded elsewhere onto a POSIX workspace by suffix', () => {
    const c = mapPathToWorkspace('D:\\a\\bot\\src\\tools\\lookup.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.equal(c[0]?.relPath, 'src/tools/lookup.ts');
    assert.equal(c[0]?.matchedSegments, 3);
  });

  it('accepts file:// URIs with percent-encoding', () => {
    const c = mapPathToWorkspace('file:///app/my%20docs/notes.md', {
      workspaceFiles: ['my docs/notes.md', 'notes.md'],
      workspaceRoots: [ROOT],
    });
    assert.equal(c[0]?.relPath, 'my docs/notes.md');
  });

  it('handles multi-root workspaces', () => {
    const c = mapPathToWorkspace('/app/services/api/handler.py', {
      workspaceFiles: [
        { root: '/ws/frontend', relPath: 'handler.py' },
        { root: '/ws/backend', relPath: 'services/api/handler.py' },
      ],
      workspaceRoots: ['/ws/frontend', '/ws/backend'],
    });
    assert.equal(c[0]?.root, '/ws/backend');
    assert.equal(c[0]?.path, '/ws/backend/services/api/handler.py');
    assert.equal(c[1]?.root, '/ws/frontend');
  });

  it('accepts absolute workspace file entries and finds their root', () => {
    const c = mapPathToWorkspace('/app/src/agent.ts', {
      workspaceFiles: ['/ws/b/src/agent.ts'],
      workspaceRoots: ['/ws/a', '/ws/b'],
    });
    assert.equal(c[0]?.root, '/ws/b');
    assert.equal(c[0]?.relPath, 'src/agent.ts');
  });

  it('does not count a shared prefix outside the root as evidence', () => {
    const c = mapPathToWorkspace('/home/dev/other/thing.ts', { workspaceFiles: FILES, workspaceRoots: [ROOT] });
    assert.deepEqual(c, []);
  });

  it('limits suffix candidates', () => {
    const files = Array.from({ length: 50 }, (_, i) => `pkg${i}/index.ts`);
    const c = mapPathToWorkspace('/app/index.ts', { workspaceFiles: files, workspaceRoots: [ROOT], limit: 5 });
    assert.equal(c.length, 5);
  });
});
