import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/model/types';
import { chatSections } from '../../../webview/model/chat';

const text = (role: string, content: string): ChatMessage => ({ role, parts: [{ type: 'text', content }] });

test('chat view: system instructions first, the same system input message not shown twice', () => {
  const sys = [{ type: 'text' as const, content: 'You are a weather bot.' }];
  const c = chatSections({
    systemInstructions: sys,
    inputMessages: [text('system', 'You are a weather bot.'), text('user', 'Weather in Paris?')],
    outputMessages: [text('assistant', 'Sunny.')],
  });
  assert.deepEqual(c.system, sys);
  assert.deepEqual(c.input, [text('user', 'Weather in Paris?')]);
  assert.deepEqual(c.output, [text('assistant', 'Sunny.')]);
});

test('chat view: a different system message in the input stays; no instructions leaves the input as sent', () => {
  const c = chatSections({
    systemInstructions: [{ type: 'text', content: 'Rules.' }],
    inputMessages: [text('developer', 'Other rules.'), text('user', 'hi')],
    outputMessages: null,
  });
  assert.deepEqual(c.input, [text('developer', 'Other rules.'), text('user', 'hi')]);
  const none = chatSections({ systemInstructions: null, inputMessages: [text('system', 'S'), text('user', 'u')], outputMessages: null });
  assert.equal(none.system, null);
  assert.deepEqual(none.input, [text('system', 'S'), text('user', 'u')]);
  const onlySystem = chatSections({ systemInstructions: [{ type: 'text', content: 'S' }], inputMessages: [text('system', 'S')], outputMessages: null });
  assert.equal(onlySystem.input, null);
  assert.equal(chatSections({ systemInstructions: [], inputMessages: null, outputMessages: null }).system, null);
});
