// Runs test/vscode/**/*.test.ts inside a real VS Code extension host (code-server + headless chromium),
// offline. Exit code = mocha's result.
// Usage: node scripts/vscode/run-exthost-tests.mjs [--grep <pattern>] [--timeout <seconds>] [--keep]
//          [--extension <dir>] [--tests <dir>]   (the last two exist to prove the harness on a throwaway extension)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { bundleExthostTests, defaultTestsDir } from './bundle-exthost-tests.mjs';
import { copyWorkspace, freePort, readTail, startCodeServer } from './code-server.mjs';
import { artifactsDir, projectRoot } from './paths.mjs';
import { ensureVscodeTestKit } from './setup.mjs';

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: '240' },
    keep: { type: 'boolean', default: false },
    extension: { type: 'string' },
    tests: { type: 'string' },
    workspace: { type: 'string' },
  },
});

const log = (msg) => console.log(`[exthost] ${msg}`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

let bundleDir = null;

async function main() {
  await ensureVscodeTestKit({ quiet: true });
  const extensionDir = resolve(opts.extension ?? projectRoot);
  const testsDir = resolve(opts.tests ?? defaultTestsDir);
  if (!existsSync(join(extensionDir, 'package.json'))) throw new Error(`no package.json in ${extensionDir}`);
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  if (manifest.main && !existsSync(join(extensionDir, manifest.main)) && !existsSync(join(extensionDir, `${manifest.main}.js`))) {
    throw new Error(`extension entry ${manifest.main} is missing: run \`npm run build\` first`);
  }

  const runDir = mkdtempSync(join(tmpdir(), 'atl-exthost-'));
  // One bundle per run (inside the project so `sql.js` etc. resolve from its node_modules): parallel
  // runs in the same tree must not load each other's bundle.
  bundleDir = join(projectRoot, 'out', 'test', 'vscode', 'runs', basename(runDir));
  const { outfile, files } = await bundleExthostTests({ testsDir, outfile: join(bundleDir, 'index.js') });
  if (files.length === 0) throw new Error(`no *.test.ts under ${testsDir}`);
  log(`bundled ${files.length} suite file(s) into ${relative(projectRoot, outfile)}`);

  const workspace = copyWorkspace(resolve(opts.workspace ?? join(projectRoot, 'test', 'fixtures', 'workspace')), runDir);
  const reportFile = join(runDir, 'mocha-report.txt');
  const env = {
    AGENT_TRACE_LENS_TEST_REPORT: reportFile,
    AGENT_TRACE_LENS_HTTP_PORT: String(await freePort()),
    AGENT_TRACE_LENS_GRPC_PORT: String(await freePort()),
  };
  if (opts.grep) env.AGENT_TRACE_LENS_TEST_GREP = opts.grep;

  const server = await startCodeServer({
    runDir,
    workspace,
    installExtension: false,
    smokeTestDriver: true,
    env,
    keepRunDir: opts.keep,
  });
  log(`code-server ${server.baseUrl} up after ${elapsed()} (run folder ${runDir})`);

  let browser;
  let printed = 0;
  const flushReport = () => {
    if (!existsSync(reportFile)) return;
    const text = readFileSync(reportFile, 'utf8');
    if (text.length > printed) process.stdout.write(text.slice(printed));
    printed = text.length;
  };
  let exitCode = 1;
  let infraFailure = true; // true until mocha wrote its summary
  try {
    browser = await launchBrowser(runDir);
    const { page } = browser;
    let resolveExit;
    const result = new Promise((r) => {
      resolveExit = r;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (process.env.AGENT_TRACE_LENS_VERBOSE) console.log(`[workbench:${type}]`, ...(Array.isArray(args) ? args : [args]));
    });
    const payload = [
      ['extensionDevelopmentPath', server.remoteUri(extensionDir)],
      ['extensionTestsPath', server.remoteUri(outfile)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.workbenchUrl({ payload }));
    const tail = setInterval(flushReport, 500);
    const timeoutMs = Number(opts.timeout) * 1000;
    let timer;
    const timedOut = new Promise((r) => {
      timer = setTimeout(() => r('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([result, timedOut]);
    clearTimeout(timer);
    clearInterval(tail);
    flushReport();
    if (outcome === 'timeout') {
      log(`hard timeout after ${opts.timeout} s`);
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, 'exthost-timeout.png') }).catch(() => {});
    } else {
      exitCode = outcome;
    }
    const summaryFile = `${reportFile}.json`;
    if (!existsSync(summaryFile)) {
      log('mocha did not finish (no summary written): the extension host or the test bundle failed to load');
      exitCode = exitCode || 1;
    } else {
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
      infraFailure = false;
      if (summary.passes + summary.failures === 0) {
        log('no test ran');
        exitCode = exitCode || 1;
      }
    }
  } finally {
    if (infraFailure) {
      for (const file of server.logFiles().filter((f) => /(remoteexthost|remoteagent)\.log$/.test(f))) {
        console.log(`--- ${file} (tail)\n${readTail(file, 30)}`);
      }
      console.log(`--- code-server log (tail)\n${readTail(server.logFile, 20)}`);
    }
    await browser?.context.close().catch(() => {});
    await server.stop({ keep: opts.keep || (exitCode !== 0 && process.env.AGENT_TRACE_LENS_KEEP_RUN === '1') });
  }
  if (!opts.keep) rmSync(bundleDir, { recursive: true, force: true });
  log(`${exitCode === 0 ? 'passed' : 'FAILED'} in ${elapsed()}`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[exthost] ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  },
);
