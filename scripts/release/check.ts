// `npm run release:check`: both release artifacts from one build, checked as users get them.
//   1. scripts/package.mjs: build, `vsce package` (no escape flags), `npm pack` of packages/cli
//   2. the .vsix holds only what the extension runs
//   3. the npm tarball: contents, production install into an empty project, the installed CLI (npm-package.ts)
//   4. the .vsix installed into a clean code-server profile on an untrusted folder, then trusted
//      (test/e2e-release, through the UI test runner)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageBoth } from '../package.mjs';
import { checkNpmPackage } from './npm-package';

const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/** Everything the installed extension runs or shows, and nothing else (vsce adds the two manifest files). */
const EXPECTED_VSIX_FILES = [
  '[Content_Types].xml', 'extension.vsixmanifest',
  'extension/LICENSE.txt', 'extension/changelog.md', 'extension/package.json', 'extension/readme.md',
  'extension/dist/cli.js', 'extension/dist/codicons/codicon.css', 'extension/dist/codicons/codicon.ttf',
  'extension/dist/extension.js', 'extension/dist/ingest-worker.js', 'extension/dist/sql-wasm.wasm', 'extension/dist/webview.js',
  'extension/media/agent-traces.svg', 'extension/media/icon.png', 'extension/media/webview.css',
  'extension/schemas/trace-contracts.schema.json',
].sort();

const started = Date.now();
const log = (message: string): void => console.log(`[release] ${((Date.now() - started) / 1000).toFixed(1)} s  ${message}`);

function zipEntries(file: string): string[] {
  const listing = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], {
    encoding: 'utf8',
  });
  assert.equal(listing.status, 0, listing.stderr);
  return listing.stdout.split('\n').filter(Boolean).sort();
}

function checkVsix(vsix: string): void {
  assert.deepEqual(zipEntries(vsix), EXPECTED_VSIX_FILES, 'the .vsix holds only what the extension runs');
  log(`.vsix: ${EXPECTED_VSIX_FILES.length} entries, no maps, sources, tests or screenshots`);
}

function runVsixInCodeServer(vsix: string): void {
  const ui = spawnSync(process.execPath, [join(root, 'scripts', 'vscode', 'run-ui-tests.mjs'), '--tests', join(root, 'test', 'e2e-release')], {
    cwd: root, stdio: 'inherit', env: { ...process.env, AGENT_TRACE_LENS_RELEASE_VSIX: vsix },
  });
  assert.equal(ui.status, 0, 'the .vsix in code-server (untrusted, then trusted)');
  log('.vsix in a clean code-server profile: untrusted folder (panel, posted trace, trust line), then trusted');
}

async function main(): Promise<void> {
  const { vsixFile, tarballFile } = packageBoth();
  const kib = (file: string): string => `${(statSync(file).size / 1024).toFixed(0)} KiB`;
  log(`packaged ${vsixFile} (${kib(vsixFile)}) and ${tarballFile} (${kib(tarballFile)}); vsce ran without escape flags`);
  checkVsix(vsixFile);
  await checkNpmPackage(tarballFile, version, log);
  runVsixInCodeServer(vsixFile);
  log('release check passed');
}

main().catch((error: unknown) => {
  console.error(`[release] FAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
