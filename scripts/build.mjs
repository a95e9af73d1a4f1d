// Bundles the extension, ingest worker, CLI and webview with esbuild into dist/.
// The node bundles must run without node_modules (sql.js wasm and codicons are copied beside them).
// Usage: node scripts/build.mjs [--watch] [--outdir DIR]   (default dist/; tests build into a temp folder)
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const watch = argv.includes('--watch');
const outdirIndex = argv.indexOf('--outdir');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const dist = outdirIndex >= 0 ? resolve(argv[outdirIndex + 1] ?? '') : join(root, 'dist');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // Only referenced when running from .ts sources (worker started through tsx); never in dist.
  external: ['tsx', 'sql.js/dist/sql-wasm.wasm'],
};

/** Entry points whose source may not exist yet are skipped with a note. */
const builds = [
  { ...node, entryPoints: ['src/ext/extension.ts'], outfile: join(dist, 'extension.js'), external: ['vscode', ...node.external] },
  { ...node, entryPoints: ['src/store-worker/ingest-worker.ts'], outfile: join(dist, 'ingest-worker.js') },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' },
    define: { __TRACE_LENS_VERSION__: JSON.stringify(version) } },
  {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: true, logLevel: 'warning',
    absWorkingDir: root, entryPoints: ['webview/main.ts'], outfile: join(dist, 'webview.js'),
  },
];

const copies = [
  ['node_modules/sql.js/dist/sql-wasm.wasm', 'sql-wasm.wasm'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'codicons/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'codicons/codicon.ttf'],
];

function copyAssets() {
  for (const [from, to] of copies) {
    mkdirSync(dirname(join(dist, to)), { recursive: true });
    copyFileSync(join(root, from), join(dist, to));
  }
}

mkdirSync(dist, { recursive: true });
const active = builds.filter((b) => {
  const present = existsSync(join(root, b.entryPoints[0]));
  if (!present) console.log(`skip ${b.entryPoints[0]} (not found)`);
  return present;
});

if (watch) {
  for (const options of active) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  copyAssets();
  console.log('watching for changes...');
} else {
  const started = Date.now();
  try {
    await Promise.all(active.map((options) => esbuild.build(options)));
  } catch {
    process.exit(1); // esbuild already printed the errors
  }
  copyAssets();
  const cli = join(dist, 'cli.js');
  if (existsSync(cli)) chmodSync(cli, 0o755);
  console.log(`built ${active.map((b) => relative(root, b.outfile)).join(', ')} in ${Date.now() - started} ms`);
}
