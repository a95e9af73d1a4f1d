// Pure parts of scripts/vscode/code-server.mjs (no code-server needed).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyWorkspace, freePort } from '../../../../scripts/vscode/code-server.mjs';

test('freePort returns a port that can be bound on 127.0.0.1', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
});

test('copyWorkspace copies the template and leaves node_modules out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atl-copy-'));
  try {
    const template = join(dir, 'template');
    mkdirSync(join(template, 'src'), { recursive: true });
    mkdirSync(join(template, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(template, 'src', 'a.ts'), 'export {};\n');
    writeFileSync(join(template, 'node_modules', 'x', 'index.js'), '');
    const copy = copyWorkspace(template, join(dir, 'run'));
    assert.equal(copy, join(dir, 'run', 'workspace'));
    assert.equal(readFileSync(join(copy, 'src', 'a.ts'), 'utf8'), 'export {};\n');
    assert.equal(existsSync(join(copy, 'node_modules')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
