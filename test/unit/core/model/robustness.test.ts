// Span content is untrusted: whatever the attribute values, normalizing must not throw and must keep its invariants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_NORMALIZE_OPTIONS, normalizeSpan } from '../../../../src/core/model/normalize';
import { SPAN_KIND_LABELS, type AttrValue, type Attributes } from '../../../../src/core/model/types';
import { logRecord, rawSpan } from './span-builder';

const KNOWN_KEYS = [
  'gen_ai.operation.name', 'openinference.span.kind', 'ai.operationId', 'gen_ai.input.messages', 'gen_ai.output.messages',
  'gen_ai.system_instructions', 'ai.prompt.messages', 'ai.prompt', 'ai.response.toolCalls', 'ai.response.text',
  'llm.input_messages.0.message.role', 'llm.input_messages.0.message.content', 'llm.input_messages.0.message.tool_calls.0.tool_call.function.name',
  'llm.output_messages.1.message.contents.0.message_content.text', 'gen_ai.prompt.0.role', 'gen_ai.prompt.0.content',
  'gen_ai.completion.0.tool_calls.0.arguments', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens',
  'langfuse.observation.usage_details', 'langfuse.observation.input', 'langfuse.observation.output', 'input.value',
  'input.mime_type', 'output.value', 'gen_ai.response.finish_reasons', 'gen_ai.tool.call.arguments', 'ai.toolCall.args',
  'llm.prompt_template.variables', 'gen_ai.prompt.variable.x', 'ai.telemetry.metadata.langfusePrompt', 'metadata',
  'retrieval.documents.0.document.score', 'gen_ai.retrieval.documents', 'code.lineno', 'code.function', 'code.namespace',
  'gen_ai.request.model', 'gen_ai.response.model', 'llm.invocation_parameters', 'gen_ai.prompt', 'gen_ai.completion',
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const attrValue: fc.Arbitrary<AttrValue> = fc.oneof(
  fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  jsonValue.map((v) => JSON.stringify(v)),
  jsonValue as fc.Arbitrary<AttrValue>,
  fc.constantFrom('[{"role":"user"}]', '[{"role":"x","parts":[{"type":"tool_call"}]}]', '{"messages":[1,{"role":2}]}', '[{'),
);
const attributes: fc.Arbitrary<Attributes> = fc.dictionary(
  fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 12 })), attrValue, { maxKeys: 12 },
);

test('normalizeSpan never throws and keeps invariants on arbitrary attributes, events and logs', () => {
  fc.assert(
    fc.property(attributes, attributes, fc.constantFrom('gen_ai.user.message', 'gen_ai.choice', 'gen_ai.client.inference.operation.details', 'x'), attrValue,
      (attrs, eventAttrs, eventName, body) => {
        const raw = rawSpan({ attributes: attrs, events: [{ name: eventName, timeUnixNano: '5', attributes: eventAttrs }] });
        const s = normalizeSpan(raw, [logRecord(eventName, body, { attributes: eventAttrs })], DEFAULT_NORMALIZE_OPTIONS);
        assert.ok(SPAN_KIND_LABELS.includes(s.kind));
        for (const n of [s.inputTokens, s.outputTokens, s.totalTokens, s.cacheReadTokens, s.cacheWriteTokens, s.reasoningTokens]) {
          assert.ok(n === null || Number.isInteger(n));
        }
        for (const list of [s.inputMessages, s.outputMessages]) {
          if (list) for (const m of list) assert.ok(typeof m.role === 'string' && Array.isArray(m.parts));
        }
        assert.ok(s.toolArguments === null || typeof s.toolArguments === 'string');
        assert.equal(s.events.length, 2);
        assert.equal(s.attributes, attrs);
      }),
    { numRuns: 300, seed: 42 },
  );
});

test('a __proto__ segment in flattened keys or prompt variables stays data and never reaches Object.prototype', () => {
  const attrs: Attributes = {
    'llm.input_messages.__proto__.polluted': 'input',
    'llm.input_messages.0.message.role': 'user',
    'llm.input_messages.0.message.__proto__.polluted': 'nested',
    'llm.input_messages.0.message.content': 'hello',
    'retrieval.documents.__proto__.polluted': 'docs',
    'gen_ai.prompt.0.__proto__': 'legacy',
    'gen_ai.prompt.variable.__proto__': 'kept',
  };
  const s = normalizeSpan(rawSpan({ attributes: attrs }), [], DEFAULT_NORMALIZE_OPTIONS);
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is untouched');
  assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  assert.equal(s.inputMessages?.[0]?.role, 'user');
  assert.deepEqual(s.inputMessages?.[0]?.parts, [{ type: 'text', content: 'hello' }]);
  assert.equal(s.promptVariables?.['__proto__'], 'kept', 'a variable named __proto__ is an own key');
});
