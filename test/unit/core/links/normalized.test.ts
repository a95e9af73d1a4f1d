// The linking functions take NormalizedSpan as produced by the normalizer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import type { Attributes, RawSpan, SpanEvent } from '../../../../src/core/model/types';
import { extractCodeLocation, extractPromptRef } from '../../../../src/core/links';

function raw(attributes: Attributes, events: SpanEvent[] = []): RawSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: null,
    traceState: '',
    name: 'llm.generate',
    otelKind: 1,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
    attributes,
    events,
    links: [],
    statusCode: 0,
    statusMessage: '',
    resource: { 'service.name': 'bot' },
    scope: { name: 'test', version: '1' },
  };
}

describe('links on normalized spans', () => {
  it('extracts code and prompt identity from a normalized span', () => {
    const span = normalizeSpan(
      raw({
        'code.filepath': '/app/src/agent.ts',
        'code.lineno': 12,
        'llm.prompt_template.version': '3',
        'prompt.id': 'refund-answer',
        'llm.prompt_template.template': 'Hi {name}',
      }),
      [],
      DEFAULT_NORMALIZE_OPTIONS,
    );
    const loc = extractCodeLocation(span);
    assert.equal(loc?.filePath, '/app/src/agent.ts');
    assert.equal(loc?.line, 12);
    const ref = extractPromptRef(span);
    assert.equal(ref?.name, 'refund-answer');
    assert.equal(ref?.version, '3');
    assert.equal(ref?.template, 'Hi {name}');
  });

  it('labels a location found in an exception event as such', () => {
    const stack = 'Error: x\n    at handler (/srv/app/src/handler.ts:9:3)';
    const span = normalizeSpan(
      raw({}, [{ name: 'exception', timeUnixNano: '1700000000500000000', attributes: { 'exception.stacktrace': stack } }]),
      [],
      DEFAULT_NORMALIZE_OPTIONS,
    );
    const loc = extractCodeLocation(span);
    assert.equal(loc?.source, 'exception');
    assert.equal(loc?.filePath, '/srv/app/src/handler.ts');
    assert.equal(loc?.line, 9);
  });
});
