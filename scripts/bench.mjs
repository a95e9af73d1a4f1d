// Runs every benchmark in scripts/bench/*.ts (one process each, through tsx), one after another so
// they do not compete for the CPU, then prints a summary table. Benchmarks print their own figures.
// Usage: node scripts/bench.mjs [name-filter...]     e.g. `npm run bench -- receiver`
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'scripts', 'bench');
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error('no benchmarks matched');
  process.exit(1);
}

console.log(`${files.length} benchmark(s), node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})\n`);
const summary = [];
for (const file of files) {
  console.log(`== ${file}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, file)], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  summary.push([file, run.status === 0 ? 'ok' : `failed (${run.status ?? run.signal})`, `${seconds} s`]);
  console.log('');
}

const headers = ['benchmark', 'result', 'time'];
const widths = headers.map((h, i) => Math.max(h.length, ...summary.map((r) => r[i].length)));
for (const row of [headers, widths.map((w) => '-'.repeat(w)), ...summary]) {
  console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
}
process.exit(summary.every((r) => r[1] === 'ok') ? 0 : 1);
