// Runs the UI tests (test/e2e/**/*.test.ts, node:test + tsx) that drive a real VS Code workbench
// through test/e2e/harness.ts. One test file at a time (each starts code-server + chromium).
// Usage: node scripts/vscode/run-ui-tests.mjs [file-filter...] [--grep <test name pattern>]
//          [--timeout <seconds>] [--tests <dir>] [--update-screenshots]
// Screenshots go to test-artifacts/; --update-screenshots also rewrites the README's media/screenshots/*.png.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from './paths.mjs';
import { ensureVscodeTestKit } from './setup.mjs';

const { values: opts, positionals: filters } = parseArgs({
  allowPositionals: true,
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: '300' },
    tests: { type: 'string' },
    'update-screenshots': { type: 'boolean', default: false },
  },
});

const log = (msg) => console.log(`[ui] ${msg}`);

function collect(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...collect(full));
    else if (entry.endsWith('.test.ts')) found.push(full);
  }
  return found.sort();
}

async function main() {
  await ensureVscodeTestKit({ quiet: true });
  const testsDir = resolve(opts.tests ?? join(projectRoot, 'test', 'e2e'));
  const files = collect(testsDir)
    .map((f) => relative(projectRoot, f))
    .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)));
  if (files.length === 0) throw new Error(`no UI test files under ${testsDir}`);
  if (!opts.tests) {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    if (!existsSync(join(projectRoot, manifest.main))) {
      throw new Error(`extension entry ${manifest.main} is missing: run \`npm run build\` first`);
    }
  }
  log(`${files.length} file(s): ${files.join(', ')}`);

  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', `--test-timeout=${Number(opts.timeout) * 1000}`];
  if (opts.grep) args.push(`--test-name-pattern=${opts.grep}`);
  args.push(...files);
  // Own process group: on a hard timeout the whole test run is signalled; each test process then
  // kills its code-server group from the harness' signal hooks.
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: 'inherit',
    detached: true,
    env: {
      ...process.env,
      AGENT_TRACE_LENS_E2E: '1',
      AGENT_TRACE_LENS_UPDATE_SCREENSHOTS: opts['update-screenshots'] ? '1' : '0',
    },
  });
  const hardTimeoutMs = (Number(opts.timeout) + 60) * 1000 * files.length;
  const timer = setTimeout(() => {
    log(`hard timeout after ${hardTimeoutMs / 1000} s`);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
  }, hardTimeoutMs);
  const forward = (signal) => () => {
    try {
      process.kill(-child.pid, signal);
    } catch {}
  };
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  const code = await new Promise((r) => child.on('exit', (c, s) => r(c ?? (s ? 1 : 0))));
  clearTimeout(timer);
  return code;
}

const started = Date.now();
main().then(
  (code) => {
    log(`${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(code);
  },
  (err) => {
    console.error(`[ui] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
