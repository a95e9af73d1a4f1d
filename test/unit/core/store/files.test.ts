import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it, mock } from 'node:test';
import { acquireWriterLock, StoreLockedError } from '../../../../src/core/store/files';

const LOCK = 'writer.lock';

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atl-lock-'));
  made.push(dir);
  return dir;
}

/** A pid that is certainly not alive: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** Processes that all try to take the lock at the same moment; each prints "won" or "locked". */
async function race(dir: string, takers: number): Promise<string[]> {
  const script = `
    const { acquireWriterLock } = require(${JSON.stringify(path.resolve('src/core/store/files.ts'))});
    const start = Number(process.argv[1]);
    while (Date.now() < start) {}
    try { acquireWriterLock(process.argv[2]); console.log('won'); setTimeout(() => {}, 1500); }
    catch (e) { console.log(e.name === 'StoreLockedError' ? 'locked' : 'error ' + e.message); }`;
  const start = Date.now() + 1500;
  const runs = Array.from({ length: takers }, () => new Promise<string>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, String(start), dir]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', () => resolve(out.trim()));
  }));
  return Promise.all(runs);
}

describe('writer lock', () => {
  it('writes the owner pid, and release removes the lock and leaves no temp files', () => {
    const dir = tempDir();
    const release = acquireWriterLock(dir);
    assert.equal(fs.readFileSync(path.join(dir, LOCK), 'utf8'), String(process.pid));
    release();
    assert.equal(fs.existsSync(path.join(dir, LOCK)), false);
    assert.deepEqual(fs.readdirSync(dir), [], 'no temp files are left behind');
  });

  it('takes over a lock left by a dead process', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK), String(await deadPid()));
    const release = acquireWriterLock(dir);
    assert.equal(fs.readFileSync(path.join(dir, LOCK), 'utf8'), String(process.pid));
    release();
  });

  it('refuses a lock held by a live process and names it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK), String(process.ppid));
    assert.throws(() => acquireWriterLock(dir), (error: unknown) => error instanceof StoreLockedError && error.ownerPid === process.ppid);
  });

  it('falls back to an exclusive create on a file system without hard links', () => {
    const dir = tempDir();
    const link = mock.method(fs, 'linkSync', () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    });
    try {
      const release = acquireWriterLock(dir);
      assert.ok(link.mock.callCount() > 0, 'a hard link was tried first');
      assert.equal(fs.readFileSync(path.join(dir, LOCK), 'utf8'), String(process.pid));
      fs.writeFileSync(path.join(dir, LOCK), String(process.ppid));
      assert.throws(() => acquireWriterLock(dir), StoreLockedError, 'the fallback still refuses a live owner');
      fs.writeFileSync(path.join(dir, LOCK), String(process.pid));
      release();
      assert.deepEqual(fs.readdirSync(dir), []);
    } finally {
      link.mock.restore();
    }
  });

  it('lets exactly one of several simultaneous takers win a stale lock', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, LOCK), String(await deadPid()));
    const outcomes = await race(dir, 4);
    assert.equal(outcomes.filter((o) => o === 'won').length, 1, outcomes.join(', '));
    assert.equal(outcomes.filter((o) => o === 'locked').length, 3, outcomes.join(', '));
  });
});
