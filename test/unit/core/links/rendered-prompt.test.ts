import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareRenderedPrompt, type RenderedPrompt } from '../../../../src/core/links/rendered-prompt';

const system = (text: string): RenderedPrompt['systemInstructions'] => [{ type: 'text', content: text }];
const user = (text: string) => ({ role: 'user', parts: [{ type: 'text' as const, content: text }] });

describe('compareRenderedPrompt', () => {
  const file = '---\nname: weather\nversion: 3\n---\nYou are a weather bot.\nAnswer for {{ city }} in {{unit}}.\n';

  it('matches system instructions against the template, variables filled in or matching any text', () => {
    const sent = system('You are a weather bot.\nAnswer for Paris in celsius.');
    assert.equal(compareRenderedPrompt({ systemInstructions: sent, inputMessages: null, variables: { city: 'Paris' } }, file), 'same');
    assert.equal(compareRenderedPrompt({ systemInstructions: sent, inputMessages: null, variables: null }, file), 'same');
    assert.equal(compareRenderedPrompt({ systemInstructions: sent, inputMessages: null, variables: { city: 'Rome' } }, file), 'changed',
      'a recorded variable must appear as recorded');
    const edited = system('You are a friendly weather bot.\nAnswer for Paris in celsius.');
    assert.equal(compareRenderedPrompt({ systemInstructions: edited, inputMessages: null, variables: null }, file), 'changed');
  });

  it('reads system messages when there are no system instructions, and templates spanning system and user text', () => {
    const prompty = '---\nname: w\n---\nsystem:\nYou are a weather bot.\n\nuser:\nWeather in {city}?\n';
    const input = [{ role: 'system', parts: [{ type: 'text' as const, content: 'You are a weather bot.' }] }, user('Weather in Paris?')];
    assert.equal(compareRenderedPrompt({ systemInstructions: null, inputMessages: input, variables: null }, prompty), 'same');
    const other = [input[0]!, user('Forecast for Paris?')];
    assert.equal(compareRenderedPrompt({ systemInstructions: null, inputMessages: other, variables: null }, prompty), 'changed');
  });

  it('a user-message template and JSON prompt files', () => {
    const json = '{"name":"w","version":1,"template":"Weather in ${city}?"}';
    const sent = { systemInstructions: system('You are a weather bot.'), inputMessages: [user('Weather in Oslo?')], variables: null };
    assert.equal(compareRenderedPrompt(sent, json), 'same');
  });

  it('ignores whitespace differences and a placeholder that rendered empty', () => {
    const sent = system('Hello   world.\r\n\r\nBye.');
    assert.equal(compareRenderedPrompt({ systemInstructions: sent, inputMessages: null, variables: null }, 'Hello {{name}} world.\nBye.'), 'same');
  });

  it('says nothing when the span sent no text or the file has no text of its own', () => {
    assert.equal(compareRenderedPrompt({ systemInstructions: null, inputMessages: null, variables: null }, file), null);
    assert.equal(compareRenderedPrompt({ systemInstructions: system('x'), inputMessages: null, variables: null }, '{{ everything }}'), null);
  });

  it('stays linear on long text with many placeholders', () => {
    const template = Array.from({ length: 200 }, (_, i) => `{{v${i}}} a`).join(' ') + ' END';
    const sent = system(`${'a '.repeat(50_000)}NOPE`);
    assert.equal(compareRenderedPrompt({ systemInstructions: sent, inputMessages: null, variables: null }, template), 'changed');
  });
});
