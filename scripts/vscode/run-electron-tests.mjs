// Runs the same extension-host suites (test/vscode) in desktop VS Code through @vscode/test-electron.
// It DOWNLOADS VS Code from update.code.visualstudio.com on first use, so it fails on a machine
// without internet: use `npm run test:exthost` (code-server, offline) there. Needs a display on Linux
// (run under xvfb-run when headless).
// Usage: node scripts/vscode/run-electron-tests.mjs [--vscode-version stable|insiders|1.100.0]
//          [--min] [--grep <pattern>] [--executable <path to an installed VS Code>] [--extension <dir>] [--tests <dir>]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { bundleExthostTests } from './bundle-exthost-tests.mjs';
import { copyWorkspace, freePort } from './code-server.mjs';
import { cacheDir, projectRoot } from './paths.mjs';

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const minimumVersion = String(manifest.engines?.vscode ?? '').replace(/^[^\d]*/, '');

const { values: opts } = parseArgs({
  options: {
    'vscode-version': { type: 'string', default: process.env.VSCODE_TEST_VERSION ?? 'stable' },
    min: { type: 'boolean', default: false }, // the oldest version engines.vscode allows
    grep: { type: 'string' },
    executable: { type: 'string' },
    tests: { type: 'string' },
    extension: { type: 'string' },
  },
});

async function main() {
  const runDir = mkdtempSync(join(tmpdir(), 'atl-electron-'));
  const bundleDir = join(projectRoot, 'out', 'test', 'vscode', 'runs', basename(runDir));
  const { outfile, files } = await bundleExthostTests({
    outfile: join(bundleDir, 'index.js'),
    ...(opts.tests ? { testsDir: resolve(opts.tests) } : {}),
  });
  if (files.length === 0) throw new Error('no test/vscode/**/*.test.ts');
  const workspace = copyWorkspace(join(projectRoot, 'test', 'fixtures', 'workspace'), runDir);
  const reportFile = join(runDir, 'mocha-report.txt');
  const version = opts.min ? minimumVersion : opts['vscode-version'];
  try {
    const code = await runTests({
      ...(opts.executable ? { vscodeExecutablePath: opts.executable } : { version }),
      cachePath: join(cacheDir, 'electron'),
      extensionDevelopmentPath: resolve(opts.extension ?? projectRoot),
      extensionTestsPath: outfile,
      extensionTestsEnv: {
        AGENT_TRACE_LENS_TEST_REPORT: reportFile,
        AGENT_TRACE_LENS_HTTP_PORT: String(await freePort()),
        AGENT_TRACE_LENS_GRPC_PORT: String(await freePort()),
        ...(opts.grep ? { AGENT_TRACE_LENS_TEST_GREP: opts.grep } : {}),
      },
      launchArgs: [
        workspace,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', join(runDir, 'user-data'),
        '--extensions-dir', join(runDir, 'extensions'),
      ],
    });
    return code;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|ETIMEDOUT|getaddrinfo|Failed to get JSON|socket hang up/i.test(message)) {
      console.error(
        `[electron] could not download VS Code ${version} (${message}).\n` +
          '[electron] This runner needs internet access; offline, run `npm run test:exthost` (code-server) instead.',
      );
    } else {
      console.error(`[electron] ${err instanceof Error ? err.stack : message}`);
    }
    return 1;
  } finally {
    // The report also went to the console (desktop VS Code forwards the host's stdout).
    rmSync(runDir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
