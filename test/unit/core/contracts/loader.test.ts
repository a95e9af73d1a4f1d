import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasErrors, loadContracts } from '../../../../src/core/contracts';

const fixtures = path.join(__dirname, '..', '..', '..', 'fixtures', 'contracts');
const read = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

/** 1-based line of the first occurrence of `needle` in `text`. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in text`);
  return text.slice(0, at).split('\n').length;
}

test('the refund contract loads cleanly with a location for every contract and rule', () => {
  const text = read('refund.contracts.json');
  const result = loadContracts(text, 'refund.contracts.json');
  assert.deepEqual(result.problems, []);
  assert.equal(result.contracts.length, 1);
  const c = result.contracts[0]!;
  assert.equal(c.id, 'refund.v1');
  assert.deepEqual(c.select, { workload: 'refund-bot' });
  assert.equal(c.location?.line, lineOf(text, '"id": "refund.v1"'));
  assert.equal(c.rules.length, 14);
  for (const rule of c.rules) {
    assert.equal(rule.location?.file, 'refund.contracts.json');
    assert.equal(rule.location?.line, lineOf(text, `"id": "${rule.id}"`), rule.id);
    assert.equal(rule.location?.column, 11);
  }
  const cite = c.rules.find((r) => r.id === 'cite-present');
  assert.deepEqual(cite && cite.type === 'span' && { min: cite.min, parent: cite.parent, after: cite.after },
    { min: 1, parent: { name: 'refund.answer' }, after: { name: 'llm.generate' } });
});

test('a broken file keeps the valid parts and reports each problem at its position', () => {
  const text = read('broken.contracts.json');
  const result = loadContracts(text, 'broken.contracts.json');
  assert.ok(hasErrors(result));
  assert.deepEqual(result.contracts.map((c) => c.id), ['good.v1']);
  assert.deepEqual(result.contracts[0]!.rules.map((r) => r.id), ['ok', 'typo']);

  const at = (fragment: string) => result.problems.find((p) => p.message.includes(fragment));
  const expectations: Array<[string, string, 'error' | 'warning']> = [
    ["unknown rule type 'span-count'", '"span-count"', 'error'],
    ['bad regular expression', '"([a-z"', 'error'],
    ["unknown preset 'ssn'", '"preset:ssn"', 'error'],
    ["duplicate rule id 'ok'", '"ok", "type": "no-orphans"', 'error'],
    ["'kind' must be one of", '"llm-call"', 'error'],
    ["unknown property 'mins'", '"mins"', 'warning'],
    ["unknown normalized field '$inputTokenz'", '["$inputTokenz"]', 'error'],
    ['needs at least one limit', '{ "id": "empty-budget"', 'error'],
    ["duplicate contract id 'good.v1'", '"good.v1",\n      "rules": []', 'error'],
    ["contract needs an 'id'", '{\n      "description": "no id"', 'error'],
  ];
  for (const [message, where, severity] of expectations) {
    const p = at(message);
    assert.ok(p, `no problem mentioning ${message}: ${JSON.stringify(result.problems.map((x) => x.message))}`);
    const offset = text.indexOf(where);
    assert.equal(p.line, lineOf(text, where), message);
    assert.equal(p.severity, severity, message);
    assert.ok(p.offset >= offset && p.offset <= offset + where.length, `${message}: offset ${p.offset} not in ${where}`);
  }
  assert.equal(result.problems.length, expectations.length);
});

test('a syntax error is one problem at the bad token, no throw', () => {
  const text = read('syntax-error.contracts.json');
  const result = loadContracts(text, 'x.json');
  assert.deepEqual(result.contracts, []);
  assert.equal(result.problems.length, 1);
  const p = result.problems[0]!;
  assert.match(p.message, /JSON syntax error: trailing comma/);
  assert.equal(p.line, 5);
  assert.equal(p.column, 3);
});

test('top-level shape problems', () => {
  assert.match(loadContracts('[]', 'f').problems[0]!.message, /must be an object/);
  assert.match(loadContracts('{"contracts": []}', 'f').problems[0]!.message, /"version": 1/);
  assert.match(loadContracts('{"version": 2, "contracts": []}', 'f').problems[0]!.message, /unsupported version/);
  assert.match(loadContracts('{"version": 1, "contracts": {}}', 'f').problems[0]!.message, /'contracts' must be an array/);
  assert.match(loadContracts('{"version": 1}', 'f').problems[0]!.message, /needs a 'contracts' array/);
});

test('rule field validation', () => {
  const load = (rule: unknown) =>
    loadContracts(JSON.stringify({ version: 1, contracts: [{ id: 'c', rules: [rule] }] }), 'f');
  const cases: Array<[unknown, RegExp]> = [
    [{ id: 'r', type: 'span' }, /needs 'match'/],
    [{ id: 'r', type: 'span', match: {}, min: 3, max: 1 }, /'max' \(1\) is below 'min' \(3\)/],
    [{ id: 'r', type: 'span', match: {}, min: -1 }, /must not be negative/],
    [{ id: 'r', type: 'span', match: {}, min: 1.5 }, /whole number/],
    [{ id: 'r', type: 'span', match: { attributes: { a: [1] } } }, /must be a string, number or boolean/],
    [{ id: 'r', type: 'attributes', on: 'every', required: ['a'] }, /"root", "all" or a span match/],
    [{ id: 'r', type: 'attributes', required: [] }, /lists no keys/],
    [{ id: 'r', type: 'forbidden' }, /needs 'keys' or 'values'/],
    [{ id: 'r', type: 'forbidden', values: ['/x/g'] }, /flags 'g' and 'y'/],
    [{ id: 'r', type: 'span', match: {}, severity: 'fatal' }, /'severity' must be/],
    [{ type: 'no-orphans' }, /needs an 'id'/],
    [{ id: 'r' }, /needs a 'type'/],
    ['no-orphans', /a rule must be an object/],
  ];
  for (const [rule, message] of cases) {
    const result = load(rule);
    assert.ok(result.problems.some((p) => p.severity === 'error' && message.test(p.message)),
      `${JSON.stringify(rule)} → ${JSON.stringify(result.problems.map((p) => p.message))}`);
    assert.deepEqual(result.contracts[0]?.rules ?? [], [], JSON.stringify(rule));
  }
});

test('defaults: severity error, span min 1, select all, attributes on all', () => {
  const result = loadContracts(JSON.stringify({ version: 1, contracts: [{ id: 'c', rules: [
    { id: 's', type: 'span', match: { name: 'x' } },
    { id: 'a', type: 'attributes', required: ['k|$toolName'] },
  ] }] }), 'f');
  assert.deepEqual(result.problems, []);
  const [s, a] = result.contracts[0]!.rules;
  assert.equal(result.contracts[0]!.select && Object.keys(result.contracts[0]!.select).length, 0);
  assert.ok(s?.type === 'span' && s.min === 1 && s.severity === 'error');
  assert.ok(a?.type === 'attributes' && a.on === 'all');
});
