import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROMPT_GLOBS } from '../../../../src/core/links';
import { readLinkSettings, type LinkSettingGetter } from '../../../../src/core/links/link-settings';

function getter(values: Record<string, unknown>): LinkSettingGetter {
  return <T>(key: string, fallback: T): T => (key in values ? (values[key] as T) : fallback);
}

describe('readLinkSettings', () => {
  it('defaults: everything on, no mappings, the default prompt globs', () => {
    assert.deepEqual(readLinkSettings(getter({})), {
      pathMappings: [],
      codeLensEnabled: true,
      hoverEnabled: true,
      gutterEnabled: true,
      promptGlobs: [...DEFAULT_PROMPT_GLOBS],
    });
  });

  it('keeps valid mappings, drops malformed ones and reads the switches', () => {
    const s = readLinkSettings(getter({
      'links.pathMappings': [{ from: '/app', to: '${workspaceFolder}' }, { from: '', to: 'x' }, 'bad', { from: 'C:\\b', to: ' src ' }],
      'codeLens.enabled': false,
      'hover.enabled': false,
      'gutter.enabled': true,
      'prompts.globs': ['templates/**/*.md', 3, ''],
    }));
    assert.deepEqual(s.pathMappings, [{ from: '/app', to: '${workspaceFolder}' }, { from: 'C:\\b', to: 'src' }]);
    assert.equal(s.codeLensEnabled, false);
    assert.equal(s.hoverEnabled, false);
    assert.equal(s.gutterEnabled, true);
    assert.deepEqual(s.promptGlobs, ['templates/**/*.md']);
  });

  it('falls back to the default globs when the list is empty or not a list', () => {
    assert.deepEqual(readLinkSettings(getter({ 'prompts.globs': [] })).promptGlobs, [...DEFAULT_PROMPT_GLOBS]);
    assert.deepEqual(readLinkSettings(getter({ 'prompts.globs': 'x' })).promptGlobs, [...DEFAULT_PROMPT_GLOBS]);
  });
});
