// The JSON schema (editor hover and validation) must agree with the loader (what the checker enforces).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// ajv comes with the dev tooling (via @vscode/vsce); used here only to run the schema.
import Ajv from 'ajv';
import { NORMALIZED_FIELDS, VALUE_PRESETS, contractFileText, inferContract, loadContracts } from '../../../../src/core/contracts';
import { SPAN_KIND_LABELS } from '../../../../src/core/model/types';
import { refundRun } from './helpers';

const root = path.join(__dirname, '..', '..', '..', '..');
const schema = JSON.parse(readFileSync(path.join(root, 'schemas', 'trace-contracts.schema.json'), 'utf8')) as {
  definitions: Record<string, { enum?: string[]; anyOf?: Array<{ enum?: string[] }> }>;
};
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const fixture = (name: string) => readFileSync(path.join(root, 'test', 'fixtures', 'contracts', name), 'utf8');

test('schema enums match the code', () => {
  assert.deepEqual(schema.definitions.kindLabel!.enum, [...SPAN_KIND_LABELS]);
  assert.deepEqual(schema.definitions.fieldKey!.enum, NORMALIZED_FIELDS.map((f) => `$${f}`));
  assert.deepEqual(schema.definitions.valuePattern!.anyOf![1]!.enum, Object.keys(VALUE_PRESETS).map((p) => `preset:${p}`));
});

test('the refund contract and an inferred contract are valid for both', () => {
  for (const text of [fixture('refund.contracts.json'), contractFileText([inferContract(refundRun())], 'x')]) {
    assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
    assert.deepEqual(loadContracts(text, 'f').problems, []);
  }
});

test('files the loader rejects, the schema rejects too', () => {
  const broken = fixture('broken.contracts.json');
  assert.ok(!validate(JSON.parse(broken)));
  const rule = (r: unknown) => ({ version: 1, contracts: [{ id: 'c', rules: [r] }] });
  const bad = [
    rule({ id: 'r', type: 'nope' }),
    rule({ id: 'r', type: 'span' }),
    rule({ id: 'r', type: 'span', match: { kind: 'llm-call' } }),
    rule({ id: 'r', type: 'span', match: {}, mins: 1 }),
    rule({ id: 'r', type: 'attributes', required: ['$nope'] }),
    rule({ id: 'r', type: 'attributes', required: [] }),
    rule({ id: 'r', type: 'forbidden' }),
    rule({ id: 'r', type: 'forbidden', values: ['preset:ssn'] }),
    rule({ id: 'r', type: 'budget' }),
    rule({ id: 'r', type: 'no-errors', severity: 'fatal' }),
    rule({ type: 'no-orphans' }),
    { version: 2, contracts: [] },
    { version: 1, contracts: [{ id: 'c', select: { workload: 3 }, rules: [] }] },
    { version: 1, contracts: [{ id: 'c', minTraces: -1, rules: [] }] },
    { version: 1, contracts: [{ id: 'c', minTraces: 2.5, rules: [] }] },
  ];
  for (const file of bad) {
    assert.ok(!validate(file), `schema accepted ${JSON.stringify(file)}`);
    assert.ok(loadContracts(JSON.stringify(file), 'f').problems.length > 0, `loader accepted ${JSON.stringify(file)}`);
  }
});

test('minTraces: a whole number both accept, kept on the contract', () => {
  const text = JSON.stringify({ version: 1, contracts: [{ id: 'c', minTraces: 3, rules: [] }] });
  assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors));
  const loaded = loadContracts(text, 'f');
  assert.deepEqual(loaded.problems, []);
  assert.equal(loaded.contracts[0]!.minTraces, 3);
});
