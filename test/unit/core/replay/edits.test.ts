// Edits applied to a recorded request: the model, parameters, system, message text, added messages, and a
// prompt template filled with the span's recorded variables.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, renderTemplate, replayRequestFromSpan, ReplayEditError } from '../../../../src/core/replay';
import { norm } from '../model/span-builder';
import { closeFixtureStores, recordedSpan } from './recorded-spans';

after(closeFixtureStores);

test('model, provider and parameters: set, replace and unset; the original request is left as it was', async () => {
  const original = replayRequestFromSpan(await recordedSpan('otel-openai-contrib-json', 'ab3cd2edbb890803'));
  const { request, applied } = applyEdits(original, {
    model: 'gpt-4.1-mini', provider: 'anthropic', parameters: { temperature: 0.9, maxTokens: null, stop: ['END'] },
  });
  assert.equal(request.model, 'gpt-4.1-mini');
  assert.equal(request.provider, 'anthropic');
  assert.deepEqual(request.parameters, { temperature: 0.9, stop: ['END'] });
  assert.deepEqual(original.parameters, { temperature: 0.2, maxTokens: 50 });
  assert.deepEqual(applied, ['model = gpt-4.1-mini', 'provider = anthropic', 'temperature = 0.9', 'maxTokens = (unset)', 'stop = ["END"]']);
});

test('system instructions replaced or removed; message text replaced while its tool calls stay', async () => {
  const original = replayRequestFromSpan(await recordedSpan('live-ai-v7-otel', 'fda2518437614a5f'));
  const { request } = applyEdits(original, {
    system: 'You are a terse weather bot.',
    messages: [{ index: 0, text: 'Weather in Lyon?' }, { index: 1, text: 'Let me look.' }, { index: 2, text: 'rain' }],
  });
  assert.deepEqual(request.system, ['You are a terse weather bot.']);
  assert.deepEqual(request.messages[0]!.content, [{ type: 'text', text: 'Weather in Lyon?' }]);
  assert.deepEqual(request.messages[1]!.content.map((c) => c.type), ['text', 'tool_call'], 'the call stays, after the new text');
  assert.deepEqual(request.messages[2]!.content, [{ type: 'tool_result', id: 'call_ke-1', name: null, result: 'rain' }]);
  assert.deepEqual(applyEdits(original, { system: '' }).request.system, []);
  assert.throws(() => applyEdits(original, { messages: [{ index: 9, text: 'x' }] }), ReplayEditError);
});

test('a span without messages gets written ones; its no-messages mark goes away', async () => {
  const original = replayRequestFromSpan(await recordedSpan('live-claude-code-spans-json', '88c4642c634defb1'));
  const { request } = applyEdits(original, { append: [{ role: 'user', text: 'Say hi' }] });
  assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'Say hi' }] }]);
  assert.deepEqual(request.marks, []);
});

test('a new template version goes where the span rendered its own, filled with the recorded variables', async () => {
  const original = replayRequestFromSpan(await recordedSpan('openinference-openai', '5eb05778eb556ba7'));
  const { request, applied } = applyEdits(original, { template: { text: 'What is the forecast for {city} today?', label: 'weather v8' } });
  assert.deepEqual(request.messages[0]!.content, [{ type: 'text', text: 'What is the forecast for Paris today?' }]);
  assert.deepEqual(request.system, original.system);
  assert.deepEqual(applied, ['weather v8 → message 0; filled: city']);
});

test('a template into the system instructions (front matter taken off), a variable the span lacks is marked and sent as written', () => {
  const span = norm({
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
    'gen_ai.prompt.variable.question': 'Can I return a gift card?',
    'llm.prompt_template.template': 'Answer from the policies.\nQuestion: {{question}}',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Answer from the policies.\nQuestion: Can I return a gift card?' }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Can I return a gift card?' }] }]),
  });
  const original = replayRequestFromSpan(span);
  const file = '---\nname: refund-answer\nversion: 3\n---\nCite the policy id.\nContext: {{ context }}\nQuestion: {{question}}\n';
  const { request, applied } = applyEdits(original, { template: { text: file, label: 'prompts/refund-answer/v3.md' } });
  assert.deepEqual(request.system, ['Cite the policy id.\nContext: {{ context }}\nQuestion: Can I return a gift card?']);
  assert.deepEqual(request.messages, original.messages);
  assert.deepEqual(request.marks.map((m) => [m.kind, m.where]), [['missing-variable', 'system']]);
  assert.deepEqual(applied, ['prompts/refund-answer/v3.md → system; filled: question; not recorded: context']);
  const withValue = applyEdits(original, { template: { text: file, variables: { context: 'gift-cards' } } });
  assert.match(withValue.request.system[0]!, /Context: gift-cards/);
  assert.deepEqual(withValue.request.marks, []);
});

test('a template with role headers sets the system instructions and the first user message; explicit targets', async () => {
  const original = replayRequestFromSpan(await recordedSpan('live-langchain', 'd7b091204211a6d2'));
  const { request } = applyEdits(original, { template: { text: 'system:\nBe brief.\n\nuser:\nWeather in Rome?\n' } });
  assert.deepEqual(request.system, ['Be brief.']);
  assert.deepEqual(request.messages[0]!.content, [{ type: 'text', text: 'Weather in Rome?' }]);
  assert.equal(request.messages.length, original.messages.length);
  assert.deepEqual(applyEdits(original, { template: { text: 'X', target: 'user' } }).request.messages[0]!.content, [{ type: 'text', text: 'X' }]);
  assert.deepEqual(applyEdits(original, { template: { text: 'X', target: 'system' } }).request.system, ['X']);
  assert.throws(() => applyEdits(original, { template: { text: 'assistant:\nok' } }), ReplayEditError);
});

test('renderTemplate: every placeholder syntax, unknown ones kept', () => {
  const r = renderTemplate('{{a}} {{{ b }}} ${c} {d} {{e}} {% if x %}', { a: '1', b: '2', c: '3', d: '4' });
  assert.deepEqual(r.sections, [{ role: null, text: '1 2 3 4 {{e}} {% if x %}' }]);
  assert.deepEqual(r.missing, ['e']);
});

test('a mark about text an edit replaced goes away; the others stay', () => {
  const span = norm({
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Key [REDACTED:api-key].' }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Mail [REDACTED:email]' }] }]),
  });
  const original = replayRequestFromSpan(span);
  assert.deepEqual(original.marks.map((m) => m.where), ['system', 'messages[0]']);
  assert.deepEqual(applyEdits(original, { system: 'No key.' }).request.marks.map((m) => m.where), ['messages[0]']);
  assert.deepEqual(applyEdits(original, { messages: [{ index: 0, text: 'hi' }] }).request.marks.map((m) => m.where), ['system']);
});
