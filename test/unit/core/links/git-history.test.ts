import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PROMPT_GLOBS } from '../../../../src/core/links';
import { checkHistoryRef, findPromptVersionInHistory, gitRepoRoot, type GitRunner } from '../../../../src/core/links/git-history';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd, encoding: 'utf8',
  });
}

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

const header = (version: number, body: string) => `---\nname: summarize\nversion: ${version}\n---\n${body}\n`;

describe('findPromptVersionInHistory', () => {
  let repo: string;
  let v1Rev: string;
  let deletedRev: string;

  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-git-history-'));
    git(repo, 'init', '-q');
    // summarize.md changes its declared version in place; refund-answer/v1.md is replaced by v2.md.
    write(repo, 'prompts/summarize.md', header(1, 'Summarize briefly.'));
    write(repo, 'prompts/refund-answer/v1.md', 'Answer refunds in two sentences.\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v1');
    v1Rev = git(repo, 'rev-parse', 'HEAD').trim();
    deletedRev = v1Rev;
    write(repo, 'prompts/summarize.md', header(2, 'Summarize in one line.'));
    fs.rmSync(path.join(repo, 'prompts/refund-answer/v1.md'));
    write(repo, 'prompts/refund-answer/v2.md', 'Answer refunds in one sentence.\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'v2');
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('finds the revision whose content declares the version', async () => {
    const found = await findPromptVersionInHistory({
      repoRoot: repo, name: 'summarize', version: 'v1', knownPaths: ['prompts/summarize.md'], globs: DEFAULT_PROMPT_GLOBS,
    });
    assert.ok(found);
    assert.equal(found.rev, v1Rev);
    assert.equal(found.path, 'prompts/summarize.md');
    assert.match(found.text, /Summarize briefly\./);
  });

  it('finds a version file that was deleted since', async () => {
    const found = await findPromptVersionInHistory({
      repoRoot: repo, name: 'refund-answer', version: '1', knownPaths: ['prompts/refund-answer/v2.md'], globs: DEFAULT_PROMPT_GLOBS,
    });
    assert.ok(found);
    assert.equal(found.path, 'prompts/refund-answer/v1.md');
    assert.equal(found.rev, deletedRev);
    assert.equal(found.text, 'Answer refunds in two sentences.\n');
  });

  it('returns null for a version the history never had', async () => {
    const found = await findPromptVersionInHistory({
      repoRoot: repo, name: 'summarize', version: '7', knownPaths: ['prompts/summarize.md'], globs: DEFAULT_PROMPT_GLOBS,
    });
    assert.equal(found, null);
  });

  it('reports the repository root, and null outside git or when git fails', async () => {
    assert.equal(fs.realpathSync(String(await gitRepoRoot(path.join(repo, 'prompts')))), fs.realpathSync(repo));
    const failing: GitRunner = () => Promise.reject(new Error('git: not found'));
    assert.equal(await gitRepoRoot(repo, failing), null);
    const found = await findPromptVersionInHistory({
      repoRoot: repo, name: 'summarize', version: '1', knownPaths: ['prompts/summarize.md'], globs: DEFAULT_PROMPT_GLOBS, git: failing,
    });
    assert.equal(found, null);
  });
});

describe('checkHistoryRef (values from a document URI)', () => {
  const ws = path.resolve('ws', 'project');
  const ok = { repoRoot: ws, rev: 'a1b2c3d4e5f6', path: 'prompts/summarize.md' };

  it('accepts a commit id, a relative path and a repository in or above a workspace folder', () => {
    assert.deepEqual(checkHistoryRef(ok, [ws]), ok);
    assert.ok(checkHistoryRef({ ...ok, repoRoot: path.join(ws, 'sub') }, [ws]));
    assert.ok(checkHistoryRef({ ...ok, repoRoot: path.dirname(ws) }, [ws]));
  });

  it('rejects revisions that are not commit ids', () => {
    for (const rev of ['--output=/tmp/x', 'HEAD', 'main', 'abc', 'A1B2C3D4', 'a1b2c3d:x', '']) {
      assert.equal(checkHistoryRef({ ...ok, rev }, [ws]), null, rev);
    }
  });

  it('rejects paths that leave the repository or look like options', () => {
    for (const p of ['-x', '../secret', 'prompts/../../secret', 'a\\..\\b', path.resolve('abs.md'), '']) {
      assert.equal(checkHistoryRef({ ...ok, path: p }, [ws]), null, p);
    }
  });

  it('rejects a repository unrelated to the workspace, and malformed values', () => {
    assert.equal(checkHistoryRef({ ...ok, repoRoot: path.resolve('elsewhere') }, [ws]), null);
    assert.equal(checkHistoryRef({ ...ok, repoRoot: 'relative/dir' }, [ws]), null);
    assert.equal(checkHistoryRef(ok, []), null);
    assert.equal(checkHistoryRef(null, [ws]), null);
    assert.equal(checkHistoryRef({ ...ok, rev: 7 }, [ws]), null);
  });
});
