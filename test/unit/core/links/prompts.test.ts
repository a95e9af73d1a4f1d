import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractPromptRef } from '../../../../src/core/links/prompt-ref';
import { matchPromptFiles } from '../../../../src/core/links/prompt-files';
import { readPromptHeader, splitFrontMatter } from '../../../../src/core/links/front-matter';
import { compareTemplate } from '../../../../src/core/links/template';
import { compareVersions, describeVersionGap } from '../../../../src/core/links/versions';
import { matchGlob } from '../../../../src/core/links/glob';

describe('extractPromptRef', () => {
  it('prefers the normalized fields', () => {
    const ref = extractPromptRef({
      attributes: { 'gen_ai.prompt.name': 'raw-name' },
      promptName: 'refund-answer',
      promptVersion: '2',
      promptTemplate: null,
      promptVariables: { order: '7' },
    });
    assert.deepEqual(ref, { name: 'refund-answer', version: '2', template: null, variables: { order: '7' } });
  });

  it('reads OTel gen_ai prompt attributes from a raw span', () => {
    const ref = extractPromptRef({
      attributes: {
        'gen_ai.prompt.name': 'refund-answer',
        'gen_ai.prompt.version': 'v16',
        'gen_ai.prompt.variable.customer': 'Ada',
        'gen_ai.prompt.variable.order_id': 42,
      },
    });
    assert.deepEqual(ref, { name: 'refund-answer', version: 'v16', template: null, variables: { customer: 'Ada', order_id: '42' } });
  });

  it('reads OpenInference template, version and JSON variables', () => {
    const ref = extractPromptRef({
      attributes: {
        'prompt.id': 'support-triage',
        'llm.prompt_template.version': '3',
        'llm.prompt_template.template': 'Hello {name}',
        'llm.prompt_template.variables': '{"name":"Ada"}',
      },
    });
    assert.deepEqual(ref, { name: 'support-triage', version: '3', template: 'Hello {name}', variables: { name: 'Ada' } });
  });

  it('reads Langfuse (integer version), Traceloop and Vercel metadata JSON', () => {
    assert.deepEqual(
      extractPromptRef({ attributes: { 'langfuse.observation.prompt.name': 'lf', 'langfuse.observation.prompt.version': 4 } }),
      { name: 'lf', version: '4', template: null, variables: null },
    );
    assert.deepEqual(
      extractPromptRef({
        attributes: {
          'traceloop.prompt.key': 'tl',
          'traceloop.prompt.version': 9,
          'traceloop.prompt.template_variables.city': 'Oslo',
        },
      }),
      { name: 'tl', version: '9', template: null, variables: { city: 'Oslo' } },
    );
    assert.deepEqual(
      extractPromptRef({ attributes: { 'ai.telemetry.metadata.langfusePrompt': '{"name":"vp","version":5,"isFallback":false}' } }),
      { name: 'vp', version: '5', template: null, variables: null },
    );
  });

  it('reads LangChain hub metadata from a kvlist or flattened keys', () => {
    assert.deepEqual(
      extractPromptRef({ attributes: { metadata: { lc_hub_repo: 'acme/qa', lc_hub_commit_hash: 'abc123' } } }),
      { name: 'acme/qa', version: 'abc123', template: null, variables: null },
    );
    assert.equal(extractPromptRef({ attributes: { 'metadata.lc_hub_repo': 'acme/qa' } })?.name, 'acme/qa');
  });

  it('returns null when the span has no prompt identity', () => {
    assert.equal(extractPromptRef({ attributes: { 'gen_ai.request.model': 'x' } }), null);
  });
});

describe('versions', () => {
  it('compares numerically, ignores a v prefix and orders prereleases first', () => {
    assert.ok(compareVersions('16', '17') < 0);
    assert.ok(compareVersions('9', '10') < 0);
    assert.equal(compareVersions('v16', '16'), 0);
    assert.ok(compareVersions('1.10.0', '1.9.3') > 0);
    assert.ok(compareVersions('2.0.0-rc1', '2.0.0') < 0);
    assert.ok(compareVersions('3', 'draft') > 0);
    assert.ok(compareVersions('alpha', 'beta') < 0);
  });

  it('describes a version gap', () => {
    assert.equal(describeVersionGap('16', 'v17'), 'trace ran v16, workspace has v17');
    assert.equal(describeVersionGap('v2', '2'), null);
    assert.equal(describeVersionGap('abc123', 'def456'), 'trace ran abc123, workspace has def456');
    assert.equal(describeVersionGap(null, '3'), null);
  });
});

describe('glob', () => {
  it('supports **, *, ? and nested braces', () => {
    assert.ok(matchGlob('**/prompts/**/*.{md,txt}', 'prompts/a/v1.md'));
    assert.ok(matchGlob('**/prompts/**/*.{md,txt}', 'pkg/x/prompts/a.txt'));
    assert.ok(!matchGlob('**/prompts/**/*.{md,txt}', 'prompts/a/v1.json'));
    assert.ok(!matchGlob('src/*.ts', 'src/a/b.ts'));
    assert.ok(matchGlob('src/?.ts', 'src/a.ts'));
    assert.ok(!matchGlob('src/?.ts', 'src/ab.ts'));
    assert.ok(matchGlob('{a,b/{c,d}}/*.md', 'b/d/x.md'));
    assert.ok(matchGlob('a.b', 'a.b') && !matchGlob('a.b', 'aXb'));
  });
});

describe('front matter', () => {
  it('splits YAML front matter and reads flat keys', () => {
    const { header, body } = splitFrontMatter('---\r\nname: "refund-answer"\r\nversion: 3 # bumped\r\n---\r\nHello\r\n');
    assert.deepEqual(header, { name: 'refund-answer', version: '3' });
    assert.equal(body, 'Hello\r\n');
  });

  it('reads JSON headers, even when cut short, and plain YAML files', () => {
    assert.deepEqual(readPromptHeader('{"name": "a", "version": 2, "template": "x"}'), { name: 'a', version: '2' });
    assert.deepEqual(readPromptHeader('{"name": "a", "version": "1.2", "template": "very lo'), { name: 'a', version: '1.2' });
    assert.deepEqual(readPromptHeader('name: b\nversion: 7\ntemplate: |\n  hi', 'p/b.yaml'), { name: 'b', version: '7' });
    assert.equal(readPromptHeader('name: b\n', 'p/b.md'), null);
  });
});

describe('matchPromptFiles', () => {
  const noHeader = (): string | undefined => undefined;

  it('matches <name>/<version>.<ext> and picks the highest as current', () => {
    const files = [
      'examples/bot/prompts/refund-answer/v1.md',
      'examples/bot/prompts/refund-answer/v2.md',
      'examples/bot/prompts/refund-answer/v10.md',
      'examples/bot/prompts/other/v5.md',
      'src/refund-answer/v3.md',
    ];
    const r = matchPromptFiles({ name: 'refund-answer', version: '2' }, files, noHeader);
    assert.equal(r.exact, 'examples/bot/prompts/refund-answer/v2.md');
    assert.deepEqual(r.current, { path: 'examples/bot/prompts/refund-answer/v10.md', version: 'v10' });
    assert.deepEqual(
      r.all.map((m) => m.version),
      ['v10', 'v2', 'v1'],
    );
    assert.ok(r.all.every((m) => m.convention === 'dir'));
  });

  it('matches <name>@<version> and <name>.<version> with any prompt extension', () => {
    const files = ['prompts/triage@3.prompty', 'prompts/triage.4.jinja2', 'prompts/triage.hbs', 'prompts/triage-old@9.md'];
    const r = matchPromptFiles({ name: 'triage', version: 'v3' }, files, noHeader);
    assert.equal(r.exact, 'prompts/triage@3.prompty');
    assert.deepEqual(r.current, { path: 'prompts/triage.4.jinja2', version: '4' });
    assert.deepEqual(
      r.all.map((m) => [m.convention, m.version]),
      [
        ['dot', '4'],
        ['at', '3'],
        ['plain', null],
      ],
    );
  });

  it('uses front matter and JSON headers, whatever the file is called', () => {
    const headers: Record<string, string> = {
      'prompts/answer-current.md': '---\nname: refund-answer\nversion: 17\n---\nBody',
      'prompts/archive/answer-old.json': '{"name":"refund-answer","version":"16","template":"..."}',
      'prompts/unrelated.md': '---\nname: greeting\nversion: 1\n---\n',
    };
    const r = matchPromptFiles({ name: 'refund-answer', version: '16' }, Object.keys(headers), (p) => headers[p]);
    assert.equal(r.exact, 'prompts/archive/answer-old.json');
    assert.deepEqual(r.current, { path: 'prompts/answer-current.md', version: '17' });
    assert.equal(r.all.length, 2);
    assert.ok(r.all.every((m) => m.convention === 'front-matter'));
  });

  it('treats _ and - alike and matches nested names by trailing segments', () => {
    const r = matchPromptFiles({ name: 'support/refund_answer', version: '1' }, ['prompts/refund-answer@1.md'], noHeader);
    assert.equal(r.exact, 'prompts/refund-answer@1.md');
  });

  it('honours custom globs and ignores node_modules', () => {
    const files = ['templates/qa@1.txt', 'node_modules/x/prompts/qa@2.txt', 'prompts/qa@3.txt'];
    const r = matchPromptFiles({ name: 'qa', version: '1' }, files, noHeader, ['**/templates/*.txt', '**/prompts/*.txt']);
    assert.deepEqual(
      r.all.map((m) => m.path),
      ['prompts/qa@3.txt', 'templates/qa@1.txt'],
    );
    const defaults = matchPromptFiles({ name: 'qa', version: '1' }, files, noHeader);
    assert.equal(defaults.exact, null);
  });

  it('returns nothing without a prompt name', () => {
    assert.deepEqual(matchPromptFiles({ name: null, version: '1' }, ['prompts/a@1.md'], noHeader), {
      exact: null,
      current: null,
      all: [],
    });
  });
});

describe('compareTemplate', () => {
  it('ignores line endings, trailing whitespace and front matter', () => {
    const file = '---\nname: a\nversion: 2\n---\nYou help with refunds.  \r\nOrder: {{order}}\n\n';
    assert.equal(compareTemplate('You help with refunds.\nOrder: {{order}}', file), 'same');
    assert.equal(compareTemplate('You help with refunds.\nOrder: {{id}}', file), 'changed');
  });

  it('compares against the template field of a JSON prompt file', () => {
    assert.equal(compareTemplate('Hi {x}', '{"name":"a","version":1,"template":"Hi {x}\\n"}'), 'same');
  });
});
