// `trace-lens check --fixtures DIR`: expected-fail fixtures must still fail for their rule, expected-pass ones pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../../src/cli/check';
import { captureIo, refundRequest, tempDir, traceId } from './check-helpers';

const refundContracts = path.join(__dirname, '..', '..', 'fixtures', 'contracts', 'refund.contracts.json');

async function check(args: string[]) {
  const cap = captureIo();
  const code = await runCheck(args, cap.io);
  return { code, out: cap.out, err: cap.err };
}

function saveFixture(dir: string, name: string, expect: string, run: Parameters<typeof refundRequest>[0]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.otlp.json`), JSON.stringify([refundRequest(run)]));
  writeFileSync(path.join(dir, `${name}.fixture.json`), JSON.stringify({ version: 1, trace: `${name}.otlp.json`, expect }));
}

test('fixtures that still hold pass; one whose rule was loosened fails and names it', async () => {
  const dir = tempDir();
  const folder = path.join(dir, 'trace-fixtures', 'refund-bot');
  saveFixture(folder, 'cite', 'fail refund.v1/cite-present', { traceId: traceId(1), omit: ['tool.citation_check'] });
  saveFixture(folder, 'good', 'pass', { traceId: traceId(2) });
  const held = await check(['--contracts', refundContracts, '--fixtures', path.join(dir, 'trace-fixtures')]);
  assert.equal(held.code, 0, held.out + held.err);
  assert.match(held.out, /ok {3}.*cite\.fixture\.json \(fail refund\.v1\/cite-present\): fails refund\.v1\/cite-present, as expected/);
  assert.match(held.out, /2 fixtures: 2 held, 0 failed\./);

  // A fixture that claims a rule the trace does not break, and a "pass" fixture that fails.
  saveFixture(folder, 'wrong', 'fail refund.v1/llm-usage', { traceId: traceId(3) });
  saveFixture(folder, 'bad-pass', 'pass', { traceId: traceId(4), llmWithoutTokens: true });
  const r = await check(['--contracts', refundContracts, '--fixtures', folder, '--format', 'json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out) as { summary: { fixtures: number; failed: number }; fixtures: Array<{ manifest: string; ok: boolean; message: string }> };
  assert.deepEqual(report.summary, { fixtures: 4, held: 2, failed: 2 });
  const byName = new Map(report.fixtures.map((f) => [path.basename(f.manifest), f]));
  assert.match(byName.get('wrong.fixture.json')!.message, /expected fail refund\.v1\/llm-usage, but that rule now passes/);
  assert.match(byName.get('bad-pass.fixture.json')!.message, /expected pass, but it fails refund\.v1\/llm-usage/);
});

test('an empty fixture folder fails unless --allow-empty; a broken manifest is exit 2', async () => {
  const dir = tempDir();
  const empty = await check(['--contracts', refundContracts, '--fixtures', dir]);
  assert.equal(empty.code, 1);
  assert.match(empty.err, /no fixture manifest .* an empty run cannot pass/);
  assert.equal((await check(['--contracts', refundContracts, '--fixtures', dir, '--allow-empty'])).code, 0);
  writeFileSync(path.join(dir, 'x.fixture.json'), JSON.stringify({ version: 1, trace: 'x.otlp.json', expect: 'sometimes' }));
  const bad = await check(['--contracts', refundContracts, '--fixtures', dir]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad fixture manifest .*x\.fixture\.json: "expect" must be/);
  const missing = await check(['--contracts', refundContracts, '--fixtures', path.join(dir, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no fixture folder/);
});
