// Starts code-server (VS Code in a browser) for tests and the demo:
// detached in its own process group, 127.0.0.1 only, HOME/XDG/TMPDIR isolated in a temp run folder,
// seeded user settings, the extension installed by symlink. stop() signals the whole group.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry, extensionId, projectRoot } from './paths.mjs';
import { node24Binary } from './setup.mjs';

export const defaultSettings = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
};

/** A free TCP port on 127.0.0.1 (closed again before returning; small race accepted). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Whether something accepts TCP connections on 127.0.0.1:port (e.g. the extension's receiver is up). */
export function acceptsConnections(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = request(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

// Last resort if the driver dies without calling stop(): never leave a code-server group behind.
const liveGroups = new Map(); // pid -> run folder to remove, or null to keep it
const killAll = () => {
  for (const [pid, runDir] of liveGroups) {
    signalGroup(pid, 'SIGKILL');
    if (runDir) {
      try {
        rmSync(runDir, { recursive: true, force: true });
      } catch {
        // best effort while the group is dying
      }
    }
  }
  liveGroups.clear();
};
process.on('exit', killAll);
let signalsHooked = false;
function hookSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes)) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}

/** Environment for code-server (and so for the extension host): the caller's, isolated and cleaned. */
function serverEnv(runDir, extraEnv) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // VS Code strips VSCODE_* for the host anyway; the others would leak the caller's Node/Electron setup.
    if (key.startsWith('VSCODE_') || key.startsWith('npm_') || key === 'NODE_OPTIONS' || key === 'ELECTRON_RUN_AS_NODE') {
      continue;
    }
    if (value !== undefined) env[key] = value;
  }
  const home = join(runDir, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    TMPDIR: join(runDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return { ...env, ...dirs, ...extraEnv };
}

/** Installs a packaged extension the way a user does, into this run's own extensions folder. */
function installVsix(vsix, runDir, userDataDir, extensionsDir) {
  const result = spawnSync(node24Binary(), [
    codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix,
  ], { cwd: runDir, env: serverEnv(runDir, {}), encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}${result.stderr}`);
}

/** Copies a workspace template into the run folder so tests may change it freely. */
export function copyWorkspace(template, runDir, name = 'workspace') {
  const target = join(runDir, name);
  cpSync(template, target, {
    recursive: true,
    filter: (src) => !src.split(/[\\/]/).includes('node_modules'),
  });
  return target;
}

/**
 * @param {{
 *   workspace?: string,            // folder to open (copy it first if tests change it)
 *   installExtension?: string|false, // folder symlinked into the extensions dir (default: project root)
 *   vsix?: string,                 // a packaged .vsix installed with code-server's --install-extension instead
 *   workspaceTrust?: boolean,      // keep Workspace Trust on (default off: tests run trusted)
 *   smokeTestDriver?: boolean,     // honour extensionDevelopmentPath/extensionTestsPath from the URL payload
 *   env?: Record<string,string>,   // extra environment for code-server and the extension host
 *   settings?: Record<string,unknown>,
 *   port?: number,                 // default: a free port
 *   runDir?: string,               // default: a new temp folder
 *   keepRunDir?: boolean,          // default: AGENT_TRACE_LENS_KEEP_RUN=1
 *   healthTimeoutMs?: number,
 * }} options
 */
export async function startCodeServer(options = {}) {
  if (!existsSync(codeServerEntry)) {
    throw new Error('code-server is not installed: run `npm run setup:vscode` first');
  }
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), 'atl-vscode-'));
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings, ...options.settings }, null, 2),
  );

  const extensionSource = options.vsix ? false : options.installExtension === undefined ? projectRoot : options.installExtension;
  if (extensionSource) symlinkSync(extensionSource, join(extensionsDir, extensionId), 'dir');
  if (options.vsix) installVsix(options.vsix, runDir, userDataDir, extensionsDir);

  const port = options.port ?? (await freePort());
  const host = '127.0.0.1';
  const configFile = join(runDir, 'config.yaml');
  writeFileSync(configFile, `bind-addr: ${host}:${port}\nauth: none\ncert: false\n`);

  const args = [
    codeServerEntry,
    '--config', configFile,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (options.workspace) args.push(options.workspace);

  const logFile = join(runDir, 'code-server.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(node24Binary(), args, {
    cwd: runDir,
    env: serverEnv(runDir, options.env ?? {}),
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  const keepRunDir = options.keepRunDir ?? process.env.AGENT_TRACE_LENS_KEEP_RUN === '1';
  liveGroups.set(pid, keepRunDir ? null : runDir);
  hookSignals();
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const baseUrl = `http://${host}:${port}`;
  let stopped = false;

  async function stop({ keep = keepRunDir } = {}) {
    if (stopped) return;
    stopped = true;
    signalGroup(pid, 'SIGTERM');
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
    if (!keep) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }

  const healthDeadline = Date.now() + (options.healthTimeoutMs ?? 60_000);
  while ((await httpStatus(`${baseUrl}/healthz`)) !== 200) {
    if (exited || Date.now() > healthDeadline) {
      const tail = readTail(logFile, 40);
      await stop({ keep: true });
      throw new Error(
        `code-server ${exited ? `exited (${JSON.stringify(exited)})` : 'did not become healthy'}; log ${logFile}:\n${tail}`,
      );
    }
    await sleep(100);
  }

  const remoteUri = (absPath) => `vscode-remote://${host}:${port}${absPath}`;
  return {
    pid,
    port,
    baseUrl,
    runDir,
    userDataDir,
    extensionsDir,
    workspace: options.workspace,
    logFile,
    remoteUri,
    /** Workbench URL, optionally with a smoke-test-driver payload ([key, value] pairs). */
    workbenchUrl({ folder = options.workspace, payload } = {}) {
      const query = [];
      // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
      if (folder) query.push(`${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`);
      if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${baseUrl}/${query.length ? `?${query.join('&')}` : ''}`;
    },
    /** Extension host and server log files, newest first (for failure reports). */
    logFiles() {
      return listFiles(join(userDataDir, 'logs')).filter((f) => f.endsWith('.log'));
    },
    stop,
  };
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...listFiles(full));
    else found.push(full);
  }
  return found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
}

export function readTail(file, lines) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}
