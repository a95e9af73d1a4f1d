// Runs every plain-Node test (test/unit/**/*.test.ts) with node:test; TypeScript through tsx.
// Usage: node scripts/test-unit.mjs [path-filter...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

function collect(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...collect(full));
    else if (entry.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

const files = collect(join(root, 'test', 'unit'))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  // --test-force-exit: a test that leaves a handle open must not hang the run.
  ['--import', 'tsx', '--import', './scripts/fast-check-seed.mjs', '--test', '--test-concurrency=2', '--test-timeout=120000', '--test-force-exit', ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
