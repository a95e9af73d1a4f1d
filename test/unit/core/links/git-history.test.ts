import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_PROMPT_GLOBS } from '../../../../src/core/links';
import { findPromptVersionInHistory, gitRepoRoot, type GitRunner } from '../../../../src/core/links/git-history';

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
