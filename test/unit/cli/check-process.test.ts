// `trace-lens check` as a real process: exit codes and streams as CI sees them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { tempDir, traceId, writeRuns } from './check-helpers';

const root = path.join(__dirname, '..', '..', '..');
const contracts = path.join(root, 'test', 'fixtures', 'contracts', 'refund.contracts.json');
const broken = path.join(root, 'test', 'fixtures', 'contracts', 'broken.contracts.json');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'cli', 'main.ts'), 'check', ...args], {
    cwd: root, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('exit codes 0, 1 and 2 from the real binary entry', () => {
  const dir = tempDir();
  const [good, missing] = writeRuns(dir, [{ traceId: traceId(1) }, { traceId: traceId(2), omit: ['tool.citation_check'] }]);

  const pass = cli(['--contracts', contracts, good!]);
  assert.equal(pass.code, 0, pass.err);
  assert.match(pass.out, /1 passed, 0 failed/);

  const fail = cli(['--contracts', contracts, '--format', 'json', good!, missing!]);
  assert.equal(fail.code, 1, fail.err);
  const report = JSON.parse(fail.out) as { summary: { failed: number }; findings: Array<{ rule: string }> };
  assert.equal(report.summary.failed, 1);
  assert.deepEqual(report.findings.map((f) => f.rule), ['cite-present']);

  const usage = cli(['--contracts', broken, good!]);
  assert.equal(usage.code, 2);
  assert.equal(usage.out, '');
  assert.match(usage.err, /broken\.contracts\.json:\d+:\d+: error: /);
});
