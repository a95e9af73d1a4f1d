// Proves the real-editor harness on a throwaway extension (scripts/vscode/selftest/), independent of
// Agent Trace Lens: a passing extension-host run exits 0, a run with a failing test exits 1 and
// reports it with a source-mapped stack, and the UI helpers work. About 40 s.
// Usage: node scripts/vscode/selftest.mjs
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './paths.mjs';

const here = join(projectRoot, 'scripts', 'vscode');
const selftest = join(here, 'selftest');
const extension = join(selftest, 'extension');

function run(script, args) {
  const result = spawnSync(process.execPath, [join(here, script), ...args], { cwd: projectRoot, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  return { code: result.status, output };
}

const checks = [
  {
    name: 'exthost run passes',
    run: () => run('run-exthost-tests.mjs', ['--extension', extension, '--tests', join(selftest, 'exthost'), '--timeout', '120']),
    expect: ({ code, output }) => code === 0 && /3 passing, 0 failing/.test(output),
  },
  {
    name: 'exthost failure propagates',
    run: () =>
      run('run-exthost-tests.mjs', ['--extension', extension, '--tests', join(selftest, 'exthost-failing'), '--timeout', '120']),
    expect: ({ code, output }) =>
      code === 1 && /1 passing, 1 failing/.test(output) && /exthost-failing\/failing\.test\.ts:\d+:\d+/.test(output),
  },
  {
    name: 'UI helpers work',
    run: () => run('run-ui-tests.mjs', ['--tests', join(selftest, 'e2e'), '--timeout', '120']),
    expect: ({ code, output }) => code === 0 && /pass 4/.test(output),
  },
];

let failed = 0;
for (const check of checks) {
  const started = Date.now();
  const result = check.run();
  const ok = check.expect(result);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${check.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) {
    failed++;
    console.log(result.output);
  }
}
process.exit(failed ? 1 : 0);
