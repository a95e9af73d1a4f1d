// Installs what the real-editor tests need, offline-friendly and idempotent:
//   - Debian chromium, libkrb5-dev, pkg-config (apt-get, only when missing)
//   - Node 24 (npm package node-<platform>-<arch>) and code-server into .cache/vscode-test/
// A marker file makes a second run instant. Usage: node scripts/vscode/setup.mjs [--force]
// (--force reinstalls Node 24 and code-server.)
// As a module: `await ensureVscodeTestKit()` returns { node, codeServerEntry, chromium }.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CODE_SERVER_VERSION,
  NODE_VERSION,
  cacheDir,
  chromiumPath,
  codeServerEntry,
  codeServerPrefix,
  markerFile,
  node24Home,
  node24Prefix,
  nodePackage,
} from './paths.mjs';

const log = (msg) => console.log(`[setup:vscode] ${msg}`);

function run(cmd, args, options = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${cmd} ${args.join(' ')} failed (${why})`);
  }
}

const krb5Headers = ['/usr/include/krb5.h', '/usr/include/krb5/krb5.h', '/usr/include/gssapi/gssapi.h'];

function systemPackagesPresent() {
  const hasPkgConfig = spawnSync('pkg-config', ['--version'], { stdio: 'ignore' }).status === 0;
  return existsSync(chromiumPath) && krb5Headers.some((f) => existsSync(f)) && hasPkgConfig;
}

function ensureSystemPackages() {
  if (systemPackagesPresent()) {
    log(`system packages present (${chromiumPath}, krb5 headers, pkg-config)`);
    return;
  }
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      `need chromium at ${chromiumPath} (or set AGENT_TRACE_LENS_CHROMIUM), krb5 headers and pkg-config; ` +
        'install them with your package manager',
    );
  }
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => (isRoot ? run('apt-get', args, { env }) : run('sudo', ['-E', 'apt-get', ...args], { env }));
  log(`installing chromium libkrb5-dev pkg-config with apt-get${sudo.length ? ' (sudo)' : ''}`);
  apt(['-q', 'update']);
  apt(['-q', 'install', '-y', '--no-install-recommends', 'chromium', 'libkrb5-dev', 'pkg-config']);
}

/** The Node >= 24 binary code-server needs: the running one when new enough, else the cached package. */
export function node24Binary() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24) return process.execPath;
  return join(node24Home, 'bin', 'node');
}

function ensureNode24() {
  const bin = node24Binary();
  if (existsSync(bin)) {
    log(`node 24 present: ${bin}`);
    return;
  }
  mkdirSync(node24Prefix, { recursive: true });
  log(`installing ${nodePackage}@${NODE_VERSION} into ${node24Prefix}`);
  run('npm', ['install', '--prefix', node24Prefix, '--no-save', '--no-audit', '--no-fund', `${nodePackage}@${NODE_VERSION}`]);
  if (!existsSync(bin)) throw new Error(`node 24 binary missing after install: ${bin}`);
}

const OUTER_NPM_RUN_VARIABLES = new Set([
  'npm_config_user_agent', 'npm_config_local_prefix', 'npm_config_npm_version', 'npm_command',
  'npm_execpath', 'npm_node_execpath', 'npm_lifecycle_event', 'npm_lifecycle_script',
]);

function ensureCodeServer() {
  if (existsSync(codeServerEntry)) {
    log(`code-server present: ${codeServerEntry}`);
    return;
  }
  mkdirSync(codeServerPrefix, { recursive: true });
  const node = node24Binary();
  const nodeBinDir = join(node, '..');
  // code-server's postinstall checks the running Node and builds native modules with node-gyp:
  // both must see Node 24 (npm's own script runs under the first `node` on PATH).
  const env = {
    ...process.env,
    PATH: `${nodeBinDir}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: node === process.execPath ? '' : node24Home,
  };
  // Under `npm test` the outer npm's per-run variables are inherited and count as config for the inner
  // npm: its user agent would still say node/v20, and code-server's postinstall reads the Node version
  // from npm_config_user_agent. Drop those (registry and other user config stay).
  for (const key of Object.keys(env)) {
    if (OUTER_NPM_RUN_VARIABLES.has(key) || key.startsWith('npm_package_')) delete env[key];
  }
  if (!env.npm_config_nodedir) delete env.npm_config_nodedir;
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerPrefix} (cold: about 2-3 minutes)`);
  run(
    'npm',
    ['install', '--prefix', codeServerPrefix, '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
    { env },
  );
  if (!existsSync(codeServerEntry)) throw new Error(`code-server entry missing after install: ${codeServerEntry}`);
}

function markerMatches() {
  if (!existsSync(markerFile)) return false;
  try {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8'));
    return (
      marker.node === NODE_VERSION &&
      marker.codeServer === CODE_SERVER_VERSION &&
      existsSync(node24Binary()) &&
      existsSync(codeServerEntry) &&
      existsSync(chromiumPath)
    );
  } catch {
    return false;
  }
}

export async function ensureVscodeTestKit({ force = false, quiet = false } = {}) {
  const kit = { node: node24Binary(), codeServerEntry, chromium: chromiumPath };
  if (!force && markerMatches()) {
    if (!quiet) log(`ready (marker ${markerFile})`);
    return kit;
  }
  if (force) {
    // Start over: an interrupted install can leave a tree that looks complete.
    for (const dir of [markerFile, node24Prefix, codeServerPrefix]) rmSync(dir, { recursive: true, force: true });
  }
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  ensureSystemPackages();
  ensureNode24();
  ensureCodeServer();
  writeFileSync(
    markerFile,
    JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, at: new Date().toISOString() }, null, 2),
  );
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return kit;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureVscodeTestKit({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(`[setup:vscode] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
