// Bundles test/vscode/index.ts plus every *.test.ts under a folder into one CommonJS file that the
// extension host loads (mocha inside, `vscode` and native/wasm packages left to require()).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from './paths.mjs';

export const defaultTestsDir = join(projectRoot, 'test', 'vscode');
export const defaultBundle = join(projectRoot, 'out', 'test', 'vscode', 'index.js');

function collectTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...collectTests(full));
    else if (entry.endsWith('.test.ts') || entry.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

const toImport = (file) => `./${relative(projectRoot, file).split(sep).join('/')}`;

/** @returns {Promise<{ outfile: string, files: string[] }>} */
export async function bundleExthostTests({ testsDir = defaultTestsDir, outfile = defaultBundle } = {}) {
  const files = collectTests(testsDir);
  const suites = files
    .map((f) => `  { file: ${JSON.stringify(relative(projectRoot, f))}, load: () => require(${JSON.stringify(toImport(f))}) },`)
    .join('\n');
  const contents = [
    `import { createRun } from ${JSON.stringify(toImport(join(projectRoot, 'test', 'vscode', 'index.ts')))};`,
    `export const run = createRun([\n${suites}\n]);`,
  ].join('\n');
  await build({
    stdin: { contents, resolveDir: projectRoot, sourcefile: 'exthost-tests-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    // The extension host overrides Error.prepareStackTrace, so test/vscode/index.ts maps failure
    // stacks itself from this file.
    sourcemap: 'linked',
    external: ['vscode', 'sql.js', '@grpc/grpc-js', 'playwright-core', 'esbuild'],
    logLevel: 'warning',
    // mocha's parallel mode (unused here) resolves worker files at runtime.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  return { outfile, files: files.map((f) => relative(projectRoot, f)) };
}
