import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findLiteralCandidates, scanLiterals } from '../../../../src/core/links/literal-search';

const AGENT_TS = [
  "import { trace } from '@opentelemetry/api';",
  '// starts "refund.answer" below',
  'export function answer() {',
  "  const label = 'refund.answer (root)';",
  "  return tracer.startActiveSpan('refund.answer', (span) => {",
  '    log(`done: refund.answer`);',
  '  });',
  '}',
].join('\n');

const TOOLS_PY = [
  '# lookup_order is the tool',
  'def run():',
  '    with tracer.start_as_current_span(',
  '        "execute_tool lookup_order"',
  '    ) as span:',
  "        span.set_attribute('gen_ai.tool.name', 'lookup_order')",
  '',
  '@tool(name="lookup_order")',
  'def lookup_order(order_id): ...',
].join('\n');

describe('scanLiterals', () => {
  it('finds single, double, template and triple-quoted literals and skips comments', () => {
    const js = scanLiterals("a('x'); b(\"y\"); c(`z\n${q}`); // 'not me'\n/* \"nor me\" */ d('it\\'s')", 'slash');
    assert.deepEqual(
      js.map((l) => l.value),
      ['x', 'y', 'z\n${q}', "it\\'s"],
    );
    const py = scanLiterals('x = """multi\nline"""  # \'comment\'\ny = \'ok\'', 'hash');
    assert.deepEqual(
      py.map((l) => l.value),
      ['multi\nline', 'ok'],
    );
  });

  it('recovers from an unmatched apostrophe at the end of a line', () => {
    const values = scanLiterals("it's prose\nname = 'kept'", 'none').map((l) => l.value);
    assert.deepEqual(values, ['kept']);
  });
});

describe('findLiteralCandidates', () => {
  it('ranks the span-starting call site first, then other literals', () => {
    const c = findLiteralCandidates(['refund.answer'], [{ path: 'src/agent.ts', text: AGENT_TS }]);
    assert.equal(c[0]?.kind, 'span-call');
    assert.equal(c[0]?.line, 5);
    assert.equal(c[0]?.column, 33);
    assert.equal(c[0]?.exact, true);
    // the comment mention is skipped; the two literals that contain the needle follow
    assert.deepEqual(
      c.slice(1).map((x) => [x.kind, x.line]),
      [
        ['literal', 4],
        ['literal', 6],
      ],
    );
  });

  it('recognizes a Python call split over lines and decorator name options', () => {
    const c = findLiteralCandidates(['execute_tool lookup_order', 'lookup_order'], [{ path: 'bot/tools.py', text: TOOLS_PY }]);
    assert.equal(c[0]?.kind, 'span-call');
    assert.equal(c[0]?.line, 4);
    assert.equal(c[0]?.needle, 'execute_tool lookup_order');
    const option = c.find((x) => x.kind === 'name-option');
    assert.equal(option?.line, 8);
    assert.equal(option?.needle, 'lookup_order');
    // the comment on line 1 never matches
    assert.ok(c.every((x) => x.line !== 1));
  });

  it('excludes node_modules and ranks test files below source files', () => {
    const text = "tracer.startSpan('llm.generate')";
    const c = findLiteralCandidates(
      ['llm.generate'],
      [
        { path: 'test/agent.test.ts', text },
        { path: 'node_modules/lib/index.js', text },
        { path: 'src/plain.ts', text: "const n = 'llm.generate';" },
      ],
    );
    assert.deepEqual(
      c.map((x) => x.path),
      ['src/plain.ts', 'test/agent.test.ts'],
    );
  });

  it('orders ties deterministically and honours the limit', () => {
    const files = [
      { path: 'b.ts', text: "x('needle')" },
      { path: 'a.ts', text: "y('needle')\nz('needle')" },
    ];
    const c = findLiteralCandidates(['needle'], files);
    assert.deepEqual(
      c.map((x) => `${x.path}:${x.line}`),
      ['a.ts:1', 'a.ts:2', 'b.ts:1'],
    );
    assert.equal(findLiteralCandidates(['needle'], files, { limit: 1 }).length, 1);
  });

  it('ignores empty and one-character needles', () => {
    assert.deepEqual(findLiteralCandidates(['', 'a'], [{ path: 'a.ts', text: "'a'" }]), []);
  });
});
