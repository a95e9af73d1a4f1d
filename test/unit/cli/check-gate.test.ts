// The gate cannot pass on nothing: no selected trace fails unless --allow-empty, and minTraces per contract.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../../src/cli/check';
import { captureIo, tempDir, traceId, writeRuns } from './check-helpers';

async function check(args: string[]) {
  const cap = captureIo();
  const code = await runCheck(args, cap.io);
  return { code, out: cap.out, err: cap.err };
}

function contractFile(dir: string, contracts: unknown[]): string {
  const file = path.join(dir, 'gate.contracts.json');
  writeFileSync(file, JSON.stringify({ version: 1, contracts }));
  return file;
}

const citeRule = { id: 'cite', type: 'span', match: { name: 'tool.citation_check' } };

describe('empty runs', () => {
  test('no trace selected by any contract fails with a clear message', async () => {
    const dir = tempDir();
    const contracts = contractFile(dir, [{ id: 'refund', select: { workload: 'refund-bot' }, rules: [citeRule] }]);
    const files = writeRuns(dir, [{ traceId: traceId(1), workload: 'someone-else' }]);
    const r = await check(['--contracts', contracts, ...files]);
    assert.equal(r.code, 1);
    assert.match(r.err, /FAILED: no trace was selected by any contract \(1 trace read\); an empty run cannot pass \(--allow-empty accepts it\)/);
    assert.match(r.out, /Checked 0 traces against 1 contract/);
  });

  test('an empty OTLP file selects nothing and fails; --allow-empty accepts it', async () => {
    const dir = tempDir();
    const contracts = contractFile(dir, [{ id: 'refund', rules: [citeRule] }]);
    const empty = path.join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ resourceSpans: [] }));
    const strict = await check(['--contracts', contracts, empty]);
    assert.equal(strict.code, 1);
    assert.match(strict.err, /\(0 traces read\)/);
    const lenient = await check(['--contracts', contracts, '--allow-empty', empty]);
    assert.equal(lenient.code, 0, lenient.err);
    assert.match(lenient.err, /no trace was selected/);
    assert.doesNotMatch(lenient.err, /FAILED/);
  });

  test('--allow-empty does not hide a failing rule', async () => {
    const dir = tempDir();
    const contracts = contractFile(dir, [{ id: 'refund', rules: [citeRule] }]);
    const files = writeRuns(dir, [{ traceId: traceId(1), omit: ['tool.citation_check'] }]);
    const r = await check(['--contracts', contracts, '--allow-empty', ...files]);
    assert.equal(r.code, 1);
  });
});

describe('minTraces', () => {
  test('a contract that selected fewer traces than minTraces fails, another that met it does not', async () => {
    const dir = tempDir();
    const contracts = contractFile(dir, [
      { id: 'refund', select: { workload: 'refund-bot' }, minTraces: 2, rules: [citeRule] },
      { id: 'other', select: { workload: 'other' }, minTraces: 1, rules: [citeRule] },
    ]);
    const files = writeRuns(dir, [{ traceId: traceId(1) }, { traceId: traceId(2), atMs: 10, workload: 'other' }]);
    const r = await check(['--contracts', contracts, '--format', 'json', ...files]);
    assert.equal(r.code, 1);
    assert.match(r.err, /contract 'refund' selected 1 trace, fewer than its minTraces \(2\)/);
    assert.doesNotMatch(r.err, /'other'/);
    const report = JSON.parse(r.out) as { summary: { failed: number }; contracts: unknown[] };
    assert.equal(report.summary.failed, 0);
    assert.deepEqual(report.contracts, [
      { contract: 'refund', selected: 1, minTraces: 2 },
      { contract: 'other', selected: 1, minTraces: 1 },
    ]);
  });

  test('met minTraces passes; junit reports a shortfall as a failing case', async () => {
    const dir = tempDir();
    const contracts = contractFile(dir, [{ id: 'refund', minTraces: 2, rules: [citeRule] }]);
    const files = writeRuns(dir, [{ traceId: traceId(1) }, { traceId: traceId(2), atMs: 10 }]);
    const met = await check(['--contracts', contracts, ...files]);
    assert.equal(met.code, 0, met.err);
    const short = await check(['--contracts', contracts, '--format', 'junit', files[0]!]);
    assert.equal(short.code, 1);
    assert.match(short.out, /<testcase classname="refund" name="minTraces">\n\s+<failure message="selected 1 traces, fewer than minTraces \(2\)" type="coverage"\/>/);
    assert.match(short.out, /<testsuite name="refund" tests="2" failures="1"/);
  });

  test('a negative or fractional minTraces is a contract-file error (exit 2)', async () => {
    const dir = tempDir();
    const files = writeRuns(dir, [{ traceId: traceId(1) }]);
    for (const bad of [-1, 1.5, 'two']) {
      const contracts = contractFile(dir, [{ id: 'refund', minTraces: bad, rules: [citeRule] }]);
      const r = await check(['--contracts', contracts, ...files]);
      assert.equal(r.code, 2, String(bad));
      assert.match(r.err, /'minTraces' must/);
    }
  });
});
