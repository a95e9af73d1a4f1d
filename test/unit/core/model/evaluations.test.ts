// Evaluation scores from each vocabulary, and their per-name summary.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluationBadgeText, readEvaluations, summarizeEvaluations, type EvaluatedSpan, type Evaluation,
} from '../../../../src/core/model/evaluations';
import { logToEvent } from '../../../../src/core/model/events';
import type { SpanEvent } from '../../../../src/core/model/types';

const span = (over: Partial<EvaluatedSpan>): EvaluatedSpan => ({ spanId: 's1', name: 'llm.generate', kind: 'llm', attributes: {}, events: [], ...over });
const pick = (list: Evaluation[]) => list.map((e) => [e.source, e.name, e.score, e.label, e.explanation]);

describe('readEvaluations', () => {
  test('OTel gen_ai.evaluation.result span events, several per span', () => {
    const events: SpanEvent[] = [
      { name: 'gen_ai.evaluation.result', timeUnixNano: '1', attributes: { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.8, 'gen_ai.evaluation.score.label': 'relevant', 'gen_ai.evaluation.explanation': 'on topic' } },
      { name: 'gen_ai.evaluation.result', timeUnixNano: '2', attributes: { 'gen_ai.evaluation.name': 'toxicity', 'gen_ai.evaluation.score.label': 'pass' } },
      { name: 'other', timeUnixNano: '3', attributes: { 'gen_ai.evaluation.score.value': 1 } },
    ];
    assert.deepEqual(pick(readEvaluations(span({ events }))), [
      ['otel-event', 'relevance', 0.8, 'relevant', 'on topic'],
      ['otel-event', 'toxicity', null, 'pass', null],
    ]);
  });

  test('OTel evaluation event sent as a log record (attached to the span) and as span attributes', () => {
    const log = logToEvent({
      timeUnixNano: '5', observedTimeUnixNano: '5', severityNumber: 9, severityText: 'INFO', body: null,
      attributes: { 'gen_ai.evaluation.name': 'judge', 'gen_ai.evaluation.score.value': '0.91' }, eventName: 'gen_ai.evaluation.result',
      traceId: null, spanId: null, resource: {}, scope: { name: '', version: '' },
    });
    assert.deepEqual(pick(readEvaluations(span({ events: [log] }))), [['otel-event', 'judge', 0.91, null, null]]);
    const asSpan = span({ name: 'evaluate relevance', kind: 'evaluator', attributes: { 'gen_ai.evaluation.name': 'relevance', 'gen_ai.evaluation.score.value': 0.95 } });
    assert.deepEqual(pick(readEvaluations(asSpan)), [['otel-span', 'relevance', 0.95, null, null]]);
  });

  test('OpenInference EVALUATOR spans: metadata JSON, flattened metadata, or output.value', () => {
    const viaMetadata = span({ name: 'judge.answer', kind: 'evaluator', attributes: { metadata: '{"evaluator_name":"faithfulness","score":0.7,"label":"faithful"}' } });
    const viaFlat = span({ name: 'judge.answer', kind: 'evaluator', attributes: { 'metadata.score': 1, 'metadata.label': 'correct' } });
    const viaOutput = span({ name: 'judge.answer', kind: 'evaluator', attributes: { 'output.value': '{"score": 0.25, "label": "hallucinated", "explanation": "cites a draft"}' } });
    const bare = span({ name: 'judge.answer', kind: 'evaluator', attributes: { 'output.value': 'looks fine' } });
    assert.deepEqual(pick(readEvaluations(viaMetadata)), [['openinference', 'faithfulness', 0.7, 'faithful', null]]);
    assert.deepEqual(pick(readEvaluations(viaFlat)), [['openinference', 'judge.answer', 1, 'correct', null]]);
    assert.deepEqual(pick(readEvaluations(viaOutput)), [['openinference', 'judge.answer', 0.25, 'hallucinated', 'cites a draft']]);
    assert.deepEqual(readEvaluations(bare), []);
    // The same metadata on a span that is not an evaluator is not a score.
    assert.deepEqual(readEvaluations(span({ attributes: { 'metadata.score': 1 } })), []);
  });

  test('Phoenix eval.<name>.* and Langfuse langfuse.score.<name> attributes', () => {
    const attrs = { 'eval.hallucination.label': 'factual', 'eval.hallucination.score': 0, 'eval.document_relevancy': 1, 'langfuse.score.helpfulness': 0.6, 'langfuse.score.tone': 'friendly', 'langfuse.score.valid_json': true };
    assert.deepEqual(pick(readEvaluations(span({ attributes: attrs }))), [
      ['langfuse', 'helpfulness', 0.6, null, null],
      ['langfuse', 'tone', null, 'friendly', null],
      ['langfuse', 'valid_json', 1, null, null],
      ['phoenix', 'hallucination', 0, 'factual', null],
    ]);
  });
});

describe('summaries', () => {
  test('mean score per name, most frequent label, counts', () => {
    const e = (name: string, score: number | null, label: string | null): Evaluation => ({ name, score, label, explanation: null, source: 'otel-event', spanId: 's' });
    const summary = summarizeEvaluations([e('judge', 0.9, 'pass'), e('judge', 0.6, 'fail'), e('judge', null, 'pass'), e('tone', null, 'ok')]);
    assert.equal(summary.length, 2);
    const judge = summary.find((s) => s.name === 'judge')!;
    assert.equal(judge.count, 3);
    assert.equal(judge.scoredCount, 2);
    assert.ok(Math.abs(judge.meanScore! - 0.75) < 1e-12);
    assert.equal(judge.label, 'pass');
    assert.equal(evaluationBadgeText(judge), 'judge 0.75 pass');
    assert.equal(evaluationBadgeText(summary.find((s) => s.name === 'tone')!), 'tone ok');
    assert.equal(evaluationBadgeText({ name: 'x', score: 3, label: null }), 'x 3');
  });
});
