// One build, both release artifacts: the extension (.vsix, through vsce with no escape flags) and the
// `trace-lens` npm tarball (packages/cli, staged from the same dist/). Both land in the project root.
// Usage: node scripts/package.mjs   → agent-trace-lens.vsix, trace-lens-<version>.tgz
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const vsixFile = join(root, 'agent-trace-lens.vsix');
export const tarballFile = join(root, `trace-lens-${version}.tgz`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
}

const kib = (file) => `${Math.round(statSync(file).size / 1024)} KiB`;

export function packageBoth() {
  run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
  // --no-dependencies: the bundles carry what they run, so node_modules stays out of the .vsix.
  run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsixFile]);
  run('npm', ['pack', '--pack-destination', root], {
    cwd: join(root, 'packages', 'cli'),
    env: { ...process.env, TRACE_LENS_SKIP_BUILD: '1' },
  });
  console.log(`packaged ${vsixFile} (${kib(vsixFile)}) and ${tarballFile} (${kib(tarballFile)})`);
  return { vsixFile, tarballFile };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) packageBoth();
