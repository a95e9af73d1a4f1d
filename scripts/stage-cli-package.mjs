// Stages the `trace-lens` npm package (packages/cli) from one build: the CLI and ingest-worker bundles (they
// carry every dependency they run, so the package has none), the sql.js wasm, the contract schema and LICENSE.
// Runs as the package's prepack, so `npm pack` / `npm publish` in packages/cli always ships a fresh build.
// TRACE_LENS_SKIP_BUILD=1 reuses dist/ (scripts/package.mjs has just built it for the .vsix).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'packages', 'cli');
const dist = join(root, 'dist');

const rootVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const cliVersion = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
if (rootVersion !== cliVersion) {
  console.error(`packages/cli/package.json has version ${cliVersion}, the extension ${rootVersion}: give both the same version`);
  process.exit(1);
}

if (process.env.TRACE_LENS_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
rmSync(join(packageDir, 'schemas'), { recursive: true, force: true });
mkdirSync(join(packageDir, 'dist'), { recursive: true });
mkdirSync(join(packageDir, 'schemas'), { recursive: true });

/** A bundle without its trailing source-map comment: the maps stay out of the package. */
function copyBundle(name) {
  const from = join(dist, name);
  if (!existsSync(from)) throw new Error(`${from} is missing: the build did not produce it`);
  const code = readFileSync(from, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  writeFileSync(join(packageDir, 'dist', name), code);
}

copyBundle('cli.js');
copyBundle('ingest-worker.js');
chmodSync(join(packageDir, 'dist', 'cli.js'), 0o755);
copyFileSync(join(dist, 'sql-wasm.wasm'), join(packageDir, 'dist', 'sql-wasm.wasm'));
for (const schema of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.json'))) {
  copyFileSync(join(root, 'schemas', schema), join(packageDir, 'schemas', schema));
}
copyFileSync(join(root, 'LICENSE'), join(packageDir, 'LICENSE'));
console.log(`staged trace-lens ${cliVersion} in packages/cli`);
