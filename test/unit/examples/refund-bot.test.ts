import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { runDemo } from '../../../examples/refund-bot/src/demo';
import * as codec from '../../../src/core/otlp';
import { describeVersionGap, extractCodeLocation, mapPathToWorkspace, matchPromptFiles } from '../../../src/core/links';
import { AttrReader } from '../../../src/core/model/attributes';
import { readCodeLocation } from '../../../src/core/model/code-location';
import type { Attributes } from '../../../src/core/model/types';

const PROJECT_ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE_ROOT = join(PROJECT_ROOT, 'examples', 'refund-bot');
const PIPELINE = ['query.rewrite', 'retrieve.policies', 'rerank', 'llm.generate', 'judge.answer'];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

describe('refund-bot example (in-memory exporter)', async () => {
  const spans: ReadableSpan[] = [];
  const exporter: SpanExporter = {
    export: (batch, done) => {
      spans.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
  };
  // seed 42: runs 1 and 5 skip the citation check, runs 1, 3, 4, 5 hit the stale index, runs 2 and 3 use prompt v1
  const runs = await runDemo({ count: 6, intervalMs: 0, seed: 42, exporter });
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const s of spans) byTrace.set(s.spanContext().traceId, [...(byTrace.get(s.spanContext().traceId) ?? []), s]);

  it('answers every question and emits one trace per question with the whole pipeline', () => {
    assert.equal(runs.length, 6);
    for (const run of runs) {
      assert.equal(run.error, null);
      const trace = byTrace.get(run.result!.traceId) ?? [];
      const names = trace.map((s) => s.name);
      const root = trace.find((s) => s.name === 'refund.answer');
      assert.ok(root, 'root span');
      assert.equal(root.parentSpanContext, undefined);
      assert.equal(root.attributes['workload.id'], 'refund-bot');
      assert.equal(root.attributes['gen_ai.conversation.id'], run.plan.conversationId);
      for (const name of PIPELINE) {
        const span = trace.find((s) => s.name === name);
        assert.ok(span, `${name} in ${names.join(',')}`);
        assert.equal(span.parentSpanContext?.spanId, root.spanContext().spanId, `${name} is a child of the root`);
      }
      const generate = trace.find((s) => s.name === 'llm.generate')!;
      const tool = trace.find((s) => s.name === 'execute_tool lookup_order');
      assert.equal(tool?.parentSpanContext?.spanId, generate.spanContext().spanId);
      assert.equal(tool?.attributes['gen_ai.operation.name'], 'execute_tool');
      assert.match(String(tool?.attributes['gen_ai.tool.call.result']), /"status":"delivered"/);
      assert.equal(names.includes('tool.citation_check'), !run.plan.skipCitationCheck);
    }
  });

  it('records GenAI attributes on the generation span', () => {
    const run = runs[0]!;
    const generate = byTrace.get(run.result!.traceId)!.find((s) => s.name === 'llm.generate')!;
    const a = generate.attributes;
    assert.equal(a['gen_ai.operation.name'], 'chat');
    assert.equal(a['gen_ai.provider.name'], 'openai');
    assert.equal(a['gen_ai.prompt.name'], 'refund-answer');
    assert.equal(a['gen_ai.prompt.version'], run.plan.promptVersion);
    assert.ok(Number(a['gen_ai.usage.input_tokens']) > 0 && Number(a['gen_ai.usage.output_tokens']) > 0);
    assert.match(String(a['gen_ai.response.model']), /^gpt-4\.1-mini-/);
    const input = JSON.parse(String(a['gen_ai.input.messages'])) as Array<{ role: string; parts: Array<{ type: string }> }>;
    assert.deepEqual(
      input.map((m) => `${m.role}:${m.parts[0]?.type}`),
      ['user:text', 'assistant:tool_call', 'tool:tool_call_response'],
    );
    const output = JSON.parse(String(a['gen_ai.output.messages'])) as Array<{ parts: Array<{ content: string }> }>;
    assert.equal(output[0]?.parts[0]?.content, run.result!.answer);
  });

  it('stale runs make an unsupported 90-day claim that the judge passes anyway', () => {
    const stale = runs.filter((r) => r.plan.staleIndex);
    assert.ok(stale.length >= 2);
    for (const run of stale) {
      assert.match(run.result!.answer, /90 days/);
      assert.notEqual(run.result!.citation, 'passed');
      assert.equal(run.result!.verdict, 'pass');
    }
    const failed = stale.find((r) => r.result!.citation === 'failed');
    assert.ok(failed, 'at least one failed citation check');
    const check = byTrace.get(failed.result!.traceId)!.find((s) => s.name === 'tool.citation_check')!;
    assert.equal(check.status.code, 2);
    for (const run of runs.filter((r) => !r.plan.staleIndex)) {
      assert.doesNotMatch(run.result!.answer, /90 days/);
      assert.equal(run.result!.citation, 'passed');
    }
  });

  it('stamps every span with the code location that links back to the example source', () => {
    const workspaceFiles = listFiles(EXAMPLE_ROOT).map((f) => relative(PROJECT_ROOT, f));
    assert.ok(spans.length >= runs.length * 7, `${spans.length} spans`);
    for (const span of spans) {
      const loc = extractCodeLocation({ code: readCodeLocation(new AttrReader(span.attributes as Attributes), []) });
      assert.ok(loc?.filePath, `${span.name} has code.file.path`);
      assert.ok(existsSync(loc.filePath), `${loc.filePath} exists`);
      // The recorded path maps back onto the workspace even when recorded elsewhere (a container).
      const containerPath = `/app/${relative(PROJECT_ROOT, loc.filePath)}`;
      const [best] = mapPathToWorkspace(containerPath, { workspaceFiles, workspaceRoots: ['/home/someone/agent-trace-lens'] });
      assert.equal(best?.relPath, relative(PROJECT_ROOT, loc.filePath).split('\\').join('/'));
      const line = readFileSync(loc.filePath, 'utf8').split('\n')[loc.line! - 1] ?? '';
      assert.match(line, /startSpan\(/, `${span.name} points at its startSpan call`);
      assert.ok(line.includes(`'${span.name}'`), `${span.name} line: ${line}`);
      assert.ok(loc.function && loc.function.length > 0);
    }
  });

  it('links the prompt version to the prompt files and reports the gap for old deployments', () => {
    const promptFiles = listFiles(join(EXAMPLE_ROOT, 'prompts')).map((f) => relative(PROJECT_ROOT, f).split('\\').join('/'));
    const read = (p: string): string => readFileSync(join(PROJECT_ROOT, p), 'utf8');
    for (const run of runs) {
      const match = matchPromptFiles({ name: 'refund-answer', version: run.plan.promptVersion }, promptFiles, read);
      assert.equal(match.exact, `examples/refund-bot/prompts/refund-answer/v${run.plan.promptVersion}.md`);
      assert.equal(match.current?.version, '2');
      const gap = describeVersionGap(run.plan.promptVersion, match.current!.version);
      assert.equal(gap, run.plan.promptVersion === '1' ? 'trace ran v1, workspace has v2' : null);
    }
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  url: string;
  body: Buffer;
}

async function startCollector(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      received.push({ headers: req.headers, url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function runCli(args: string[], port: number, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(EXAMPLE_ROOT, 'src', 'run-demo.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    onStdout?.(stdout, child);
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Span names in the received requests: decoded with the project codec when it is implemented. */
function spanNames(received: Received[]): { names: Set<string>; decoded: boolean } {
  const names = new Set<string>();
  const decode = (codec as { decodeRequest?: typeof codec.decodeRequest }).decodeRequest;
  if (typeof decode === 'function') {
    for (const r of received) for (const s of decode(new Uint8Array(r.body), 'traces', 'protobuf').spans) names.add(s.name);
    return { names, decoded: true };
  }
  // Protobuf strings are plain UTF-8 on the wire: look for each expected name.
  const all = Buffer.concat(received.map((r) => r.body));
  for (const name of ['refund.answer', ...PIPELINE, 'execute_tool lookup_order', 'tool.citation_check']) {
    if (all.includes(Buffer.from(name))) names.add(name);
  }
  return { names, decoded: false };
}

describe('refund-bot example (OTLP/HTTP protobuf to a local collector)', () => {
  it('runs twice from the command line and delivers every span name', async () => {
    const collector = await startCollector();
    try {
      const result = await runCli(['--count', '2', '--interval', '0', '--seed', '42'], collector.port);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(collector.received.length >= 1);
      for (const r of collector.received) {
        assert.equal(r.url, '/v1/traces');
        assert.equal(r.headers['content-type'], 'application/x-protobuf');
      }
      const { names } = spanNames(collector.received);
      for (const name of ['refund.answer', ...PIPELINE, 'execute_tool lookup_order']) assert.ok(names.has(name), name);
      const traceIds = [...result.stdout.matchAll(/trace ([0-9a-f]{32})/g)].map((m) => m[1]);
      assert.equal(traceIds.length, 2);
    } finally {
      await collector.close();
    }
  });

  it('flushes and exits 0 on SIGTERM while waiting for the next question', async () => {
    const collector = await startCollector();
    try {
      let signalled = false;
      const result = await runCli(['--count', '0', '--interval', '600', '--seed', '42'], collector.port, (out, child) => {
        if (!signalled && /#1 trace/.test(out)) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /SIGTERM/);
      assert.match(result.stderr, /done, 1 question/);
      const traceId = /trace ([0-9a-f]{32})/.exec(result.stdout)?.[1];
      assert.ok(traceId);
      const { names } = spanNames(collector.received);
      assert.ok(names.has('refund.answer') && names.has('judge.answer'));
    } finally {
      await collector.close();
    }
  });
});
