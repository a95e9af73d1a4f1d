// `trace-lens check` run in-process through runCheck, on OTLP files and on a store folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../../src/cli/check';
import { TraceStore } from '../../../src/core/store';
import { captureIo, tempDir, traceId, writeRuns } from './check-helpers';

const fixtures = path.join(__dirname, '..', '..', 'fixtures');
const refundContracts = path.join(fixtures, 'contracts', 'refund.contracts.json');

async function check(args: string[]) {
  const cap = captureIo();
  const code = await runCheck(args, cap.io);
  return { code, out: cap.out, err: cap.err };
}

describe('exit codes', () => {
  test('0 when every selected run passes; warnings do not fail', async () => {
    const dir = tempDir();
    const files = writeRuns(dir, [{ traceId: traceId(1) }, { traceId: traceId(2), atMs: 5000, omit: ['judge.answer'] }]);
    const r = await check(['--contracts', refundContracts, ...files]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /WARNING refund\.v1\/judged: 1 finding in 1 trace/);
    assert.match(r.out, /Checked 2 traces against 1 contract: 2 passed, 0 failed \(0 errors, 1 warning\)\./);
  });

  test('1 when an error rule fails: missing span, missing tokens, looping tool', async () => {
    const dir = tempDir();
    const files = writeRuns(dir, [
      { traceId: traceId(1) },
      { traceId: traceId(2), atMs: 1000, omit: ['tool.citation_check'] },
      { traceId: traceId(3), atMs: 2000, llmWithoutTokens: true },
      { traceId: traceId(4), atMs: 3000, citationCalls: 3 },
    ]);
    const r = await check(['--contracts', refundContracts, '--format', 'json', ...files]);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { summary: Record<string, unknown>; findings: Array<Record<string, unknown>> };
    assert.equal(report.summary.tracesChecked, 4);
    assert.equal(report.summary.passed, 1);
    assert.equal(report.summary.failed, 3);
    assert.deepEqual(report.findings.map((f) => [f.traceId, f.rule, f.severity]), [
      [traceId(2), 'cite-present', 'error'],
      [traceId(3), 'llm-usage', 'error'],
      [traceId(4), 'budget', 'error'],
    ]);
    for (const f of report.findings) {
      assert.deepEqual(Object.keys(f), ['traceId', 'spanId', 'contract', 'rule', 'severity', 'message']);
    }
    assert.equal(report.findings[0]!.spanId, null);
    assert.match(String(report.findings[1]!.spanId), /^[0-9a-f]{16}$/);
  });

  test('2 for usage errors, with the usage text', async () => {
    const dir = tempDir();
    const [file] = writeRuns(dir, [{ traceId: traceId(1) }]);
    for (const args of [
      [file!],
      ['--contracts', refundContracts],
      ['--contracts', refundContracts, '--db', dir, file!],
      ['--contracts', refundContracts, '--format', 'xml', file!],
      ['--contracts', refundContracts, '--bogus', file!],
    ]) {
      const r = await check(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^trace-lens check: .+\n\nUsage: trace-lens check/, args.join(' '));
      assert.equal(r.out, '');
    }
  });

  test('2 for a broken or missing contract file, listing problems as file:line:col', async () => {
    const dir = tempDir();
    const [file] = writeRuns(dir, [{ traceId: traceId(1) }]);
    const broken = path.join(fixtures, 'contracts', 'broken.contracts.json');
    const r = await check(['--contracts', broken, file!]);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.contracts\.json:9:37: error: unknown rule type 'span-count'/);
    assert.match(r.err, /broken\.contracts\.json:14:\d+: warning: unknown property 'mins'/);
    const missing = await check(['--contracts', path.join(dir, 'nope.json'), file!]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read contract file .*nope\.json: ENOENT/);
  });

  test('2 when the same contract id comes from two files', async () => {
    const dir = tempDir();
    const [file] = writeRuns(dir, [{ traceId: traceId(1) }]);
    const r = await check(['--contracts', refundContracts, '--contracts', refundContracts, file!]);
    assert.equal(r.code, 2);
    assert.match(r.err, /contract id 'refund\.v1' is also defined/);
  });

  test('--contracts takes several files in a row; the first non-contract file starts the OTLP files', async () => {
    const dir = tempDir();
    const second = path.join(dir, 'second.contracts.json');
    const renamed = readFileSync(refundContracts, 'utf8').replace('"refund.v1"', '"refund.copy"');
    writeFileSync(second, renamed);
    const files = writeRuns(dir, [{ traceId: traceId(1), omit: ['tool.citation_check'] }]);
    const r = await check(['--contracts', refundContracts, second, ...files, '--format', 'json']);
    assert.equal(r.code, 1, r.err);
    const contracts = new Set((JSON.parse(r.out) as { findings: { contract: string }[] }).findings.map((f) => f.contract));
    assert.deepEqual([...contracts].sort(), ['refund.copy', 'refund.v1']);
  });

  test('2 for unreadable OTLP input or a missing store folder', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 7}]}]}]}');
    const r = await check(['--contracts', refundContracts, bad]);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read OTLP input: .*bad\.json/);
    const noDb = await check(['--contracts', refundContracts, '--db', path.join(dir, 'missing')]);
    assert.equal(noDb.code, 2);
    assert.match(noDb.err, /no trace store at/);
  });
});

describe('inputs', () => {
  test('--db reads a store folder read-only', async () => {
    const dir = tempDir();
    const files = writeRuns(dir, [{ traceId: traceId(1) }, { traceId: traceId(2), atMs: 100, omit: ['rerank'] }]);
    const db = path.join(dir, 'db');
    const store = await TraceStore.open({ dir: db });
    for (const f of files) store.ingestRequest(readFileSync(f), 'traces', 'json');
    await store.flush();
    await store.close();
    const r = await check(['--contracts', refundContracts, '--db', db, '--format', 'json']);
    assert.equal(r.code, 1, r.err);
    const report = JSON.parse(r.out) as { findings: Array<{ traceId: string; rule: string }> };
    assert.deepEqual(report.findings.map((f) => [f.traceId, f.rule]), [[traceId(2), 'rerank-after-retrieval']]);
  });

  test('--workload-key selects by another attribute', async () => {
    const dir = tempDir();
    const contracts = path.join(dir, 'c.json');
    writeFileSync(contracts, JSON.stringify({ version: 1, contracts: [{ id: 'by-agent', select: { workload: 'refund-bot' }, rules: [{ id: 'judge', type: 'span', match: { name: 'judge.answer' } }] }] }));
    const files = writeRuns(dir, [{ traceId: traceId(1), workload: 'other', omit: ['judge.answer'] }]);
    const byDefault = await check(['--contracts', contracts, '--allow-empty', ...files]);
    assert.equal(byDefault.code, 0);
    assert.match(byDefault.err, /no trace was selected by any contract \(1 trace read\)/);
    const byAgent = await check(['--contracts', contracts, '--workload-key', 'gen_ai.agent.name', ...files]);
    assert.equal(byAgent.code, 1, byAgent.err);
  });

  test('traces recorded from real producers: a contract for the weather agent', async () => {
    const dir = tempDir();
    const contracts = path.join(dir, 'weather.contracts.json');
    writeFileSync(contracts, JSON.stringify({
      version: 1,
      contracts: [{
        id: 'weather', select: { rootName: 'invoke_agent weather-agent' },
        rules: [
          { id: 'tool', type: 'span', match: { kind: 'tool', attributes: { $toolName: 'get_weather' } }, parent: { kind: 'agent' }, after: { kind: 'llm' } },
          { id: 'chats', type: 'span', match: { name: 'chat *', kind: 'llm' }, min: 2 },
          { id: 'usage', type: 'attributes', on: { kind: 'llm' }, required: ['$requestModel', '$inputTokens', '$outputTokens'] },
          { id: 'judge', type: 'span', severity: 'warning', match: { kind: 'evaluator' } },
          { id: 'budget', type: 'budget', maxTotalTokens: 1000, maxSpans: 10 },
          { id: 'pii', type: 'forbidden', values: ['preset:email', 'preset:openai-key'] },
          { id: 'orphans', type: 'no-orphans' },
        ],
      }],
    }));
    for (const producer of ['otel-openai-contrib-json', 'otel-openai-contrib-proto']) {
      const folder = path.join(fixtures, 'otlp', producer);
      const files = readdirSync(folder).filter((f) => /^\d+-(traces|logs)\.(json|pb)$/.test(f)).map((f) => path.join(folder, f));
      const r = await check(['--contracts', contracts, '--format', 'json', ...files]);
      assert.equal(r.code, 0, `${producer}: ${r.out}${r.err}`);
      const report = JSON.parse(r.out) as { summary: { tracesChecked: number; warnings: number }; findings: Array<{ rule: string }> };
      assert.equal(report.summary.tracesChecked, 1, producer);
      assert.deepEqual(report.findings.map((f) => f.rule), ['judge'], producer);
    }
  });
});

describe('formats', () => {
  test('junit: a suite per contract, a case per selected trace, escaped failures', async () => {
    const dir = tempDir();
    const contracts = path.join(dir, 'c.json');
    writeFileSync(contracts, JSON.stringify({ version: 1, contracts: [
      { id: 'refund<&>"v1"', select: { workload: 'refund-bot' }, rules: [{ id: 'cite', type: 'span', match: { name: 'tool.citation_check' } }, { id: 'judge', type: 'span', severity: 'warning', match: { name: 'judge.answer' } }] },
      { id: 'unused', select: { workload: 'nothing' }, rules: [{ id: 'x', type: 'no-orphans' }] },
    ] }));
    const files = writeRuns(dir, [
      { traceId: traceId(1) },
      { traceId: traceId(2), atMs: 10, omit: ['tool.citation_check'] },
      { traceId: traceId(3), atMs: 20, omit: ['judge.answer'] },
    ]);
    const r = await check(['--contracts', contracts, '--format', 'junit', ...files]);
    assert.equal(r.code, 1);
    const xml = r.out;
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="trace-lens check" tests="3" failures="1" errors="0">/);
    assert.match(xml, /<testsuite name="refund&lt;&amp;&gt;&quot;v1&quot;" tests="3" failures="1" errors="0" skipped="0">/);
    assert.match(xml, /<testsuite name="unused" tests="0" failures="0" errors="0" skipped="0"\/>/);
    assert.match(xml, new RegExp(`<testcase classname="refund&lt;&amp;&gt;&quot;v1&quot;" name="trace ${traceId(1)} \\(refund.answer\\)"/>`));
    assert.match(xml, new RegExp(`name="trace ${traceId(2)} \\(refund.answer\\)">\\n\\s+<failure message="missing span: tool.citation_check" type="contract">\\[error\\] cite: missing span: tool.citation_check \\[.*c.json:1:\\d+\\]</failure>`));
    assert.match(xml, /<system-out>\[warning\] judge: missing span: judge.answer/);
    assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&|"v1"/);
  });

  test('text: grouped by contract and rule, errors first, with the rule location', async () => {
    const dir = tempDir();
    const files = writeRuns(dir, [
      { traceId: traceId(1), omit: ['tool.citation_check', 'judge.answer'] },
      { traceId: traceId(2), atMs: 10, omit: ['tool.citation_check'] },
    ]);
    const r = await check(['--contracts', refundContracts, ...files]);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n');
    assert.match(lines[0]!, /^ERROR refund\.v1\/cite-present: 2 findings in 2 traces {2}\(.*refund\.contracts\.json:\d+:11\)$/);
    assert.equal(lines[1], `  trace ${traceId(1)}: missing span: tool.citation_check (tool)`);
    assert.equal(lines[2], `  trace ${traceId(2)}: missing span: tool.citation_check (tool)`);
    assert.match(lines[4]!, /^WARNING refund\.v1\/judged: 1 finding in 1 trace/);
    assert.match(r.out, /Checked 2 traces against 1 contract: 0 passed, 2 failed \(2 errors, 1 warning\)\.\n$/);
  });

  test('--help prints usage and exits 0', async () => {
    const r = await check(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Usage: trace-lens check --contracts FILE/);
  });
});
