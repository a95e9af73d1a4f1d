// Writes refund-bot runs as OTLP/JSON requests (OTel GenAI vocabulary), the way the example agent exports them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

type AttrJson = { key: string; value: Record<string, unknown> };

function attr(key: string, value: string | number): AttrJson {
  return { key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } };
}

export interface RunOptions {
  traceId: string;
  atMs?: number;
  omit?: string[];
  llmWithoutTokens?: boolean;
  citationCalls?: number;
  workload?: string;
}

const BASE_NS = 1_750_000_000_000_000_000n;

export function refundRequest(opts: RunOptions): unknown {
  const at = BigInt(opts.atMs ?? 0);
  const omit = new Set(opts.omit ?? []);
  let n = 0;
  const nextId = () => (++n).toString(16).padStart(4, '0') + opts.traceId.slice(0, 12);
  const rootId = nextId();
  const time = (ms: number) => (BASE_NS + (at + BigInt(ms)) * 1_000_000n).toString();
  const span = (name: string, startMs: number, endMs: number, attrs: AttrJson[], parent: string | null = rootId) => ({
    traceId: opts.traceId,
    spanId: parent === null ? rootId : nextId(),
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: time(startMs),
    endTimeUnixNano: time(endMs),
    attributes: attrs,
    status: {},
  });
  const usage = (input: number, output: number) => [attr('gen_ai.usage.input_tokens', input), attr('gen_ai.usage.output_tokens', output)];
  const spans = [
    span('refund.answer', 0, 3000, [attr('gen_ai.operation.name', 'invoke_agent'), attr('gen_ai.agent.name', 'refund-bot'), attr('workload.id', opts.workload ?? 'refund-bot')], null),
    span('query.rewrite', 10, 300, [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'openai'), attr('gen_ai.request.model', 'gpt-4o-mini'), ...usage(120, 30)]),
    span('retrieve.policies', 310, 500, [attr('gen_ai.operation.name', 'retrieval')]),
    span('rerank', 510, 600, [attr('gen_ai.operation.name', 'rerank')]),
    span('llm.generate', 610, 1500, [attr('gen_ai.operation.name', 'chat'), attr('gen_ai.provider.name', 'openai'), attr('gen_ai.request.model', 'gpt-4o'), ...(opts.llmWithoutTokens ? [] : usage(900, 200))]),
  ];
  const calls = opts.citationCalls ?? 1;
  for (let i = 0; i < calls; i++) {
    spans.push(span('tool.citation_check', 1510 + i * 100, 1590 + i * 100, [
      attr('gen_ai.operation.name', 'execute_tool'), attr('gen_ai.tool.name', 'citation_check'),
      attr('gen_ai.tool.call.arguments', '{"answer_id":"a1"}'),
    ]));
  }
  spans.push(span('judge.answer', 1600 + calls * 100, 1900 + calls * 100, [attr('openinference.span.kind', 'EVALUATOR')]));
  return {
    resourceSpans: [{
      resource: { attributes: [attr('service.name', 'refund-bot')] },
      scopeSpans: [{ scope: { name: 'refund-bot', version: '1.0.0' }, spans: spans.filter((s) => !omit.has(s.name)) }],
    }],
  };
}

const madeDirs: string[] = [];
after(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'trace-lens-check-'));
  madeDirs.push(dir);
  return dir;
}

/** Write each run as its own OTLP/JSON file; returns the paths. */
export function writeRuns(dir: string, runs: RunOptions[]): string[] {
  return runs.map((run, i) => {
    const file = path.join(dir, `run-${i}.json`);
    writeFileSync(file, JSON.stringify(refundRequest(run)));
    return file;
  });
}

export const traceId = (n: number): string => n.toString(16).padStart(32, '0');

export function captureIo() {
  let out = '';
  let err = '';
  return {
    io: { stdout: (s: string) => { out += s; }, stderr: (s: string) => { err += s; } },
    get out() { return out; },
    get err() { return err; },
  };
}
