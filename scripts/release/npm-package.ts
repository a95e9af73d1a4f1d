// The `trace-lens` npm tarball as a user gets it: its contents, then an install with production dependencies
// only into an empty project, and the installed command run the way CI runs it (--version, check failing and
// passing, serve → check --format junit as in examples/github-actions, mcp initialize + tools/list).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = join(__dirname, '..', '..');
const contracts = join(root, 'examples', 'refund-bot', 'trace-contracts.json');
/** Two refund-bot runs recorded from the demo: one follows the contract, one skipped the citation check. */
const demoRuns = join(root, 'test', 'fixtures', 'agent-tools', 'refund-demo-failing-run.json');
const PASSING_TRACE = '07c7bffadf5f549e4f1bc52ff9a71ad3';
const AGENT_TOOLS = ['list_traces', 'get_trace', 'get_span', 'check_contracts', 'compare_traces', 'spans_at_code_location', 'search_span_content',
  'list_coding_sessions', 'get_coding_session'];

export const EXPECTED_TARBALL_FILES = [
  'package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/dist/ingest-worker.js', 'package/dist/sql-wasm.wasm',
  'package/package.json', 'package/schemas/trace-contracts.schema.json',
];

type Log = (message: string) => void;

function run(command: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The request with only the spans of `traceId`. */
function onlyTrace(otlp: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> }, traceId: string): unknown {
  return {
    resourceSpans: otlp.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.filter((s) => s.traceId === traceId) })),
    })),
  };
}

function postJson(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `serve` on free ports, one run posted, SIGINT (which flushes), then `check --format junit` on the store. */
async function serveThenCheck(bin: string, dir: string, failingRun: string): Promise<{ code: number | null; junit: string }> {
  const db = join(dir, 'served');
  const serve = spawn(bin, ['serve', '--db', db, '--http-port', '0', '--grpc-port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      serve.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /^listening http=127\.0\.0\.1:(\d+)/m.exec(out);
        if (match) resolve(Number(match[1]));
      });
      serve.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening`)));
      setTimeout(() => reject(new Error('serve did not print its listening line within 30 s')), 30_000);
    });
    assert.equal(await postJson(port, failingRun), 200);
  } finally {
    serve.kill('SIGINT');
  }
  const exitCode = await new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
  assert.equal(exitCode, 0, 'serve exits 0 on SIGINT');
  const check = run(bin, ['check', '--contracts', contracts, '--db', db, '--format', 'junit'], dir);
  return { code: check.code, junit: check.stdout };
}

export async function checkNpmPackage(tarball: string, version: string, log: Log): Promise<void> {
  const listing = run('tar', ['-tzf', tarball], root);
  assert.equal(listing.code, 0, listing.stderr);
  const files = listing.stdout.split('\n').filter(Boolean).sort();
  assert.deepEqual(files, EXPECTED_TARBALL_FILES, 'the tarball holds the bundles, wasm, schema, README and LICENSE only');
  log(`tarball: ${files.length} files, no tests, sources or maps`);

  const project = mkdtempSync(join(tmpdir(), 'trace-lens-release-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'release-check', version: '1.0.0', private: true }));
    const install = run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], project);
    assert.equal(install.code, 0, install.stderr);
    const installed = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    assert.deepEqual(installed, ['trace-lens'], 'the install adds no dependency packages');
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    assert.deepEqual(Object.keys(lock.packages).filter(Boolean), ['node_modules/trace-lens']);
    log('npm install --omit=dev: trace-lens alone, no dependency packages');

    const bin = join(project, 'node_modules', '.bin', 'trace-lens');
    const versionRun = run(bin, ['--version'], project);
    assert.equal(versionRun.code, 0, versionRun.stderr);
    assert.equal(versionRun.stdout, `${version}\n`);

    const demo = JSON.parse(readFileSync(demoRuns, 'utf8'));
    const passingFile = join(project, 'passing-run.json');
    writeFileSync(passingFile, JSON.stringify(onlyTrace(demo, PASSING_TRACE)));
    const failing = run(bin, ['check', '--contracts', contracts, demoRuns], project);
    assert.equal(failing.code, 1, `a run without its citation check fails:\n${failing.stdout}${failing.stderr}`);
    assert.match(failing.stdout, /cite-present/);
    const passing = run(bin, ['check', '--contracts', contracts, passingFile], project);
    assert.equal(passing.code, 0, `the run that follows the contract passes:\n${passing.stdout}${passing.stderr}`);
    log('trace-lens --version, check (exit 1 failing, 0 passing)');

    const served = await serveThenCheck(bin, project, readFileSync(demoRuns, 'utf8'));
    assert.equal(served.code, 1);
    assert.match(served.junit, /<testsuites[^>]*failures="1"/);
    log('serve → SIGINT → check --format junit: exit 1 with one failing test case');

    const client = new Client({ name: 'release-check', version });
    await client.connect(new StdioClientTransport({ command: bin, args: ['mcp', '--db', join(project, 'served')], cwd: project, stderr: 'ignore' }));
    try {
      assert.equal(client.getServerVersion()?.version, version);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name), AGENT_TOOLS);
    } finally {
      await client.close();
    }
    log(`mcp: initialize (server ${version}) and tools/list (${AGENT_TOOLS.length} tools)`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
