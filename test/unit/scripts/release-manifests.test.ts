// The two release manifests: the `trace-lens` npm package (packages/cli) and the extension's Marketplace
// listing. What they promise users is checked here without packing; `npm run release:check` packs both.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..', '..');
const readJson = (...parts: string[]): Record<string, unknown> => JSON.parse(readFileSync(join(root, ...parts), 'utf8'));
const extension = readJson('package.json');
const cli = readJson('packages', 'cli', 'package.json');

test('the npm package is `trace-lens` with the extension\'s version, a bin and no dependencies to install', () => {
  assert.equal(cli.name, 'trace-lens');
  assert.equal(cli.version, extension.version);
  assert.deepEqual(cli.bin, { 'trace-lens': 'dist/cli.js' });
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) {
    assert.equal(cli[field], undefined, `packages/cli/package.json must not declare ${field}`);
  }
  assert.deepEqual(cli.engines, { node: '>=20' });
  assert.equal(cli.private, undefined);
});

test('the npm package ships the bundles, the wasm and the schemas only, built on pack', () => {
  assert.deepEqual(cli.files, ['dist/cli.js', 'dist/ingest-worker.js', 'dist/sql-wasm.wasm', 'schemas/*.json']);
  assert.match((cli.scripts as Record<string, string>).prepack ?? '', /stage-cli-package\.mjs/);
});

test('the bundles target the Node version both manifests state', () => {
  const build = readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8');
  assert.match(build, /target: 'node20'/);
  assert.equal((extension.engines as Record<string, string>).node, '>=20');
});

test('docs name the published package at the current version only', () => {
  const version = String(extension.version);
  const docs = ['README.md', join('packages', 'cli', 'README.md'), join('examples', 'github-actions', 'trace-contracts.yml')];
  for (const doc of docs) {
    const text = readFileSync(join(root, doc), 'utf8');
    const named = [...text.matchAll(/trace-lens@([0-9][^\s`'"]*)/g)].map((m) => m[1]);
    assert.ok(named.length > 0, `${doc} names no trace-lens@<version>`);
    assert.deepEqual([...new Set(named)], [version], `${doc} names another version than ${version}`);
  }
});

test('the listing has a repository, homepage, issue tracker, keywords, categories, icon and banner', () => {
  const repository = extension.repository as { url?: string } | undefined;
  assert.match(repository?.url ?? '', /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  assert.match(String(extension.homepage), /^https:\/\//);
  assert.match(String((extension.bugs as { url?: string }).url), /\/issues$/);
  assert.ok((extension.keywords as string[]).length >= 5);
  assert.deepEqual(extension.categories, ['AI', 'Debuggers', 'Testing', 'Visualization']);
  assert.ok(extension.galleryBanner);
  const icon = readFileSync(join(root, String(extension.icon)));
  // PNG signature, then the IHDR chunk's width and height.
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
});

test('vsce packages without escape flags, and the README screenshots stay out of the .vsix', () => {
  const scripts = extension.scripts as Record<string, string>;
  const packaging = `${scripts.package} ${readFileSync(join(root, 'scripts', 'package.mjs'), 'utf8')}`;
  assert.doesNotMatch(packaging, /allow-missing-repository|no-rewrite-relative-links|allow-star-activation/);
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(ignore.includes('**'));
  assert.ok(!ignore.some((line) => line.startsWith('!media/screenshots') || line === '!media/**'));
  assert.ok(ignore.includes('!CHANGELOG.md'));
});

test('Restricted Mode: limited support, said why, and the settings a workspace must not set when untrusted', () => {
  const trust = (extension.capabilities as { untrustedWorkspaces: { supported: unknown; description?: string; restrictedConfigurations?: string[] } })
    .untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  assert.match(trust.description ?? '', /git/);
  const settings = (extension.contributes as { configuration: { properties: Record<string, unknown> } }).configuration.properties;
  const restricted = trust.restrictedConfigurations ?? [];
  for (const key of restricted) assert.ok(key in settings, `${key} is not a setting`);
  for (const key of ['agentTraceLens.redaction.enabled', 'agentTraceLens.contracts.files', 'agentTraceLens.links.pathMappings']) {
    assert.ok(restricted.includes(key), `${key} must be restricted`);
  }
});

test('the README opens for users and keeps the two commands in its Develop section', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.deepEqual(headings.slice(0, 3), ['Install', 'Point an agent at it', 'What you can do in the editor']);
  const develop = readme.slice(readme.indexOf('\n## Develop\n'));
  assert.match(develop, /^npm run demo {5}# the product/m);
  assert.match(develop, /^npm test {9}# every test/m);
  const scripts = extension.scripts as Record<string, string>;
  assert.ok(scripts.demo && scripts.test && scripts['release:check']);
});
