// End to end: the example exports OTLP/protobuf → project codec → normalizer → contract checker.
// The example's contract file must pass clean runs and catch the runs that skip or fail the citation check.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REFUND_CONTRACTS, demoBodies } from '../core/agent-tools/demo-store';
import { decodeRequest } from '../../../src/core/otlp';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../src/core/model/normalize';
import { checkTrace, hasErrors, loadContracts } from '../../../src/core/contracts';
import type { NormalizedSpan, RawSpan } from '../../../src/core/model/types';

describe('refund-bot example against its trace contract', () => {
  it('passes clean runs and flags skipped or failed citation checks', async () => {
    const { bodies, runs } = await demoBodies(6);

    const raw: RawSpan[] = bodies.flatMap((b) => decodeRequest(new Uint8Array(b), 'traces', 'protobuf').spans);
    const byTrace = new Map<string, NormalizedSpan[]>();
    for (const span of raw) {
      const list = byTrace.get(span.traceId) ?? [];
      list.push(normalizeSpan(span, [], DEFAULT_NORMALIZE_OPTIONS));
      byTrace.set(span.traceId, list);
    }
    const loaded = loadContracts(readFileSync(REFUND_CONTRACTS, 'utf8'), 'trace-contracts.json');
    assert.equal(hasErrors(loaded), false, JSON.stringify(loaded.problems));

    assert.equal(runs.length, 6);
    const kinds = new Set<string>();
    for (const run of runs) {
      const spans = byTrace.get(run.result!.traceId);
      assert.ok(spans && spans.length >= 7, `trace ${run.result!.traceId} arrived`);
      for (const s of spans) kinds.add(s.kind);
      const findings = checkTrace(loaded.contracts, spans);
      const rules = new Set(findings.map((f) => f.rule));
      if (run.plan.skipCitationCheck) {
        assert.ok(rules.has('cite-present'), `skipped check caught: ${[...rules].join(',')}`);
      } else if (run.result!.citation === 'failed') {
        assert.ok(rules.has('no-errors'), `failed check caught: ${[...rules].join(',')}`);
        assert.ok(findings.every((f) => f.severity !== 'error'), JSON.stringify(findings));
      } else {
        assert.deepEqual(findings, [], `clean run ${run.plan.conversationId}`);
      }
    }
    for (const kind of ['agent', 'llm', 'retrieval', 'rerank', 'tool', 'evaluator']) assert.ok(kinds.has(kind), kind);
  });
});
