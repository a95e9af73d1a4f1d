// The extension-host bootstrap (test/vscode/index.ts) bundled by the harness, run in plain Node:
// the mocha report file, the summary, failure -> rejection, grep, and source-mapped stacks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bundleExthostTests } from '../../../../scripts/vscode/bundle-exthost-tests.mjs';

let dir: string;
let outfile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atl-bootstrap-'));
  const suites = join(dir, 'suites');
  mkdirSync(suites);
  writeFileSync(
    join(suites, 'a.test.ts'),
    [
      "import assert from 'node:assert/strict';",
      "suite('tdd suite', () => {",
      "  test('adds', () => assert.equal(1 + 1, 2));",
      "  test('breaks', () => assert.equal(1 + 1, 3));",
      '});',
    ].join('\n'),
  );
  writeFileSync(
    join(suites, 'b.test.ts'),
    // A test without a body is pending in mocha.
    "describe('bdd suite', () => { it('runs beside tdd', () => {}); it('pending one'); });\n",
  );
  ({ outfile } = await bundleExthostTests({ testsDir: suites, outfile: join(dir, 'out', 'index.js') }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function runBundle(env: Record<string, string>): { outcome: string; report: string; summary: unknown } {
  const report = join(dir, `report-${Object.keys(env).length}.txt`);
  const script = `require(${JSON.stringify(outfile)}).run().then(() => console.log('RESOLVED'), (e) => console.log('REJECTED ' + e.message));`;
  const child = spawnSync(process.execPath, ['-e', script], {
    env: { ...process.env, ...env, AGENT_TRACE_LENS_TEST_REPORT: report },
    encoding: 'utf8',
  });
  const outcome = child.stdout.split('\n').find((l) => l.startsWith('RESOLVED') || l.startsWith('REJECTED')) ?? child.stderr;
  return {
    outcome,
    report: existsSync(report) ? readFileSync(report, 'utf8') : '',
    summary: existsSync(`${report}.json`) ? JSON.parse(readFileSync(`${report}.json`, 'utf8')) : null,
  };
}

test('a failing test rejects run() and is reported with a stack into the .ts source', () => {
  const { outcome, report, summary } = runBundle({});
  assert.equal(outcome, 'REJECTED 1 test(s) failed');
  assert.match(report, /tdd suite\n {4}ok adds/);
  assert.match(report, /bdd suite\n {4}ok runs beside tdd/);
  assert.match(report, /- pending one \(pending\)/);
  assert.match(report, /2 passing, 1 failing, 1 pending/);
  assert.match(report, /\[1\] tdd suite breaks\n {4}AssertionError/);
  assert.match(report, /suites\/a\.test\.ts:4:\d+/);
  const { passes, failures, pending, failed } = summary as { passes: number; failures: number; pending: number; failed: { title: string; message: string }[] };
  assert.deepEqual({ passes, failures, pending }, { passes: 2, failures: 1, pending: 1 });
  assert.equal(failed[0]?.title, 'tdd suite breaks');
  assert.match(failed[0]?.message ?? '', /2 !== 3/);
});

test('AGENT_TRACE_LENS_TEST_GREP narrows the run, and a clean run resolves', () => {
  const { outcome, report, summary } = runBundle({ AGENT_TRACE_LENS_TEST_GREP: 'runs beside' });
  assert.equal(outcome, 'RESOLVED');
  assert.match(report, /1 passing, 0 failing, 0 pending/);
  assert.doesNotMatch(report, /adds/);
  assert.equal((summary as { passes: number }).passes, 1);
});
