import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../../src/core/replay/edits';
import type { ReplayRequest } from '../../../src/core/replay/types';
import {
  editableText, editsFromForm, formFromRequest, generalMarks, marksAt, parameterText, parseParameter,
} from '../../../webview/model/replayForm';

function request(overrides: Partial<ReplayRequest> = {}): ReplayRequest {
  return {
    source: {
      traceId: 't', spanId: 's', spanName: 'chat', service: 'bot', recordedProvider: 'openai',
      promptName: null, promptVersion: null, promptTemplate: null, promptVariables: null,
    },
    provider: 'openai',
    model: 'gpt-4o-mini',
    parameters: { temperature: 0.2, stop: ['END'], toolChoice: { tool: 'lookup' }, responseFormat: { type: 'json' } },
    tools: null,
    system: ['You are a weather bot.'],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_call', id: 'c1', name: 'lookup', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', content: [{ type: 'tool_result', id: 'c1', name: 'lookup', result: '{"sky":"sunny"}' }] },
    ],
    marks: [
      { kind: 'redacted', where: 'system', message: 'one value redacted' },
      { kind: 'truncated', where: 'messages[2]', message: 'cut short' },
      { kind: 'no-tool-definitions', where: 'tools', message: 'not recorded' },
      { kind: 'no-model', where: 'model', message: 'none' },
    ],
    ...overrides,
  };
}

test('the form shows the recorded call: provider, model, system, each message\'s text, parameters as text', () => {
  const form = formFromRequest(request());
  assert.equal(form.provider, 'openai');
  assert.equal(form.model, 'gpt-4o-mini');
  assert.equal(form.system, 'You are a weather bot.');
  assert.deepEqual(form.messages, ['Weather in Paris?', '', '{"sky":"sunny"}']);
  assert.equal(form.parameters.temperature, '0.2');
  assert.equal(form.parameters.stop, '["END"]');
  assert.equal(form.parameters.toolChoice, 'lookup');
  assert.equal(form.parameters.responseFormat, 'json');
  assert.equal(form.parameters.maxTokens, '', 'an unrecorded parameter is an empty field');
  assert.equal(formFromRequest(request({ provider: null })).provider, '');
});

test('an untouched form makes no edits', () => {
  const r = request();
  assert.deepEqual(editsFromForm(r, formFromRequest(r)), { edits: {}, errors: [] });
});

test('changed fields become the typed edits, and applying them gives the edited request', () => {
  const r = request();
  const form = formFromRequest(r);
  form.system = 'Be brief.';
  form.messages[0] = 'Weather in Rome?';
  form.messages[2] = '{"sky":"rain"}';
  form.model = ' gpt-4o ';
  form.provider = 'anthropic';
  form.parameters.temperature = '0.9';
  form.parameters.maxTokens = '256';
  form.parameters.stop = '';
  form.parameters.toolChoice = 'auto';
  const { edits, errors } = editsFromForm(r, form);
  assert.deepEqual(errors, []);
  assert.deepEqual(edits, {
    provider: 'anthropic', model: 'gpt-4o', system: 'Be brief.',
    messages: [{ index: 0, text: 'Weather in Rome?' }, { index: 2, text: '{"sky":"rain"}' }],
    parameters: { temperature: 0.9, maxTokens: 256, stop: null, toolChoice: 'auto' },
  });
  const edited = applyEdits(r, edits).request;
  assert.deepEqual(edited.system, ['Be brief.']);
  assert.equal(edited.parameters.stop, undefined, 'an emptied field unsets the parameter');
  assert.equal(editableText(edited.messages[2]!), '{"sky":"rain"}', 'a tool message edits its result');
  assert.equal(edited.messages[1]!.content[0]!.type, 'tool_call', 'a message\'s tool calls stay');
  assert.equal(marksAt(edited.marks, 'system').length, 0, 'rewriting redacted text drops its mark');
});

test('fields that are not values are reported and not sent', () => {
  const r = request();
  const form = formFromRequest(r);
  form.parameters.temperature = 'warm';
  form.parameters.maxTokens = '12.5';
  form.parameters.stop = '[1, 2]';
  form.parameters.responseFormat = '{"type":"xml"}';
  form.model = '  ';
  const { edits, errors } = editsFromForm(r, form);
  assert.equal(errors.length, 5, errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('temperature')));
  assert.ok(errors.some((e) => e.startsWith('model')));
  assert.equal(edits.parameters, undefined);
  assert.equal(edits.model, undefined);
});

test('parameters parse from the text they are shown as', () => {
  assert.deepEqual(parseParameter('stop', 'STOP'), { value: ['STOP'] }, 'one stop sequence may be written bare');
  assert.deepEqual(parseParameter('toolChoice', 'required'), { value: 'required' });
  assert.deepEqual(parseParameter('responseFormat', 'text'), { value: { type: 'text' } });
  const schema = { type: 'json_schema', name: 'answer', schema: { type: 'object' } } as const;
  assert.deepEqual(parseParameter('responseFormat', parameterText('responseFormat', schema)), { value: schema });
  assert.deepEqual(parseParameter('seed', ' 7 '), { value: 7 });
  assert.deepEqual(parseParameter('reasoningEffort', 'high'), { value: 'high' });
});

test('marks show beside their field; the rest show at the top', () => {
  const r = request({ system: ['a', 'b'], marks: [{ kind: 'redacted', where: 'system[1]', message: 'm' }, ...request().marks] });
  assert.deepEqual(marksAt(r.marks, 'system').map((m) => m.where), ['system[1]', 'system']);
  assert.deepEqual(marksAt(r.marks, 'messages[2]').map((m) => m.kind), ['truncated']);
  assert.deepEqual(marksAt(r.marks, 'messages[1]'), []);
  assert.deepEqual(generalMarks(r.marks).map((m) => m.kind), ['no-model']);
  assert.equal(formFromRequest(r).system, 'a\n\nb');
});
