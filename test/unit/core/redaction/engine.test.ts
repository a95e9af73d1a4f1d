import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luhnValid, ibanValid } from '../../../../src/core/contracts/patterns';
import type { HitCounts } from '../../../../src/core/redaction';
import { KEY, SECRETS, redactor } from './helpers';

const all = redactor({ presets: ['all'] });

function redact(text: string, r = all): { out: string; hits: Record<string, number> } {
  const hits: HitCounts = new Map();
  const out = r.redactText(text, hits);
  return { out, hits: Object.fromEntries(hits) };
}

const PRESET_CASES: Array<[rule: string, secret: string]> = [
  ['openai-key', SECRETS.openai],
  ['openai-key', 'sk-abcdefghijklmnopqrstuvwxyz0123'],
  ['anthropic-key', SECRETS.anthropic],
  ['aws-key', SECRETS.aws],
  ['github-token', SECRETS.github],
  ['github-token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop'],
  ['bearer-token', SECRETS.bearer],
  ['jwt', SECRETS.jwt],
  ['private-key', SECRETS.pem],
  ['email', SECRETS.email],
  ['credit-card', SECRETS.card],
  ['credit-card', '5500-0000-0000-0004'],
  ['credit-card', '378282246310005'],
  ['us-ssn', SECRETS.ssn],
  ['iban', SECRETS.iban],
  ['iban', 'GB82WEST12345698765432'],
];

for (const [rule, secret] of PRESET_CASES) {
  test(`preset ${rule} redacts ${secret.slice(0, 12)}… inside text and keeps the text around it`, () => {
    const { out, hits } = redact(`before ${secret} after`);
    assert.equal(out, `before [REDACTED:${rule}] after`);
    assert.deepEqual(hits, { [rule]: 1 });
  });
}

const NOT_SECRETS: Array<[what: string, text: string]> = [
  ['an order number', 'order ORD-2024-0000123456 shipped, invoice 20240115000123'],
  ['a plain long number that fails Luhn', 'ref 4111111111111112'],
  ['a UUID', 'id 123e4567-e89b-12d3-a456-426614174000 and 41111111-1111-1111-1111-111111111111'],
  ['timestamps in ms and ns', 'at 1733140800000 / 1760000000000000000 / 2024-12-02T11:39:26.123Z'],
  ['a decimal fraction', 'score 0.4111111111111111'],
  ['a date and a phone number', 'on 2024-01-15 call 555-123-4567'],
  ['an invalid SSN (area 000, 666, 9xx)', '000-12-3456 666-12-3456 912-34-5678'],
  ['an IBAN-shaped string with a bad checksum', 'DE89 3704 0044 0532 0130 01'],
  ['prose with "bearer"', 'the bearer instrument was signed'],
  ['a short sk- word', 'sk-learn and task-runner'],
  ['an @mention and a decorator', '@alice please check @Component'],
  ['ids and hashes', 'span b7ad6b7169203331 trace 0af7651916cd43dd8448eb211c80319c sha 9f86d081884c7d659a2feaa0c55ad015'],
];

for (const [what, text] of NOT_SECRETS) {
  test(`${what} is not redacted`, () => {
    assert.deepEqual(redact(text), { out: text, hits: {} });
  });
}

test('the default rules take credentials and keep personal data; personalData turns it on', () => {
  const text = `key ${SECRETS.openai} mail ${SECRETS.email} card ${SECRETS.card}`;
  assert.equal(redact(text, redactor()).out, `key [REDACTED:openai-key] mail ${SECRETS.email} card ${SECRETS.card}`);
  assert.equal(redact(text, redactor({ personalData: true })).out,
    'key [REDACTED:openai-key] mail [REDACTED:email] card [REDACTED:credit-card]');
});

test('disabledRules and enabled: false turn rules off', () => {
  const text = `a ${SECRETS.openai} b ${SECRETS.aws}`;
  assert.equal(redact(text, redactor({ disabledRules: ['openai-key'] })).out, `a ${SECRETS.openai} b [REDACTED:aws-key]`);
  const off = redactor({ enabled: false });
  assert.equal(off.enabled, false);
  assert.equal(redact(text, off).out, text);
});

test('an Anthropic key is named anthropic-key although it also has the OpenAI shape', () => {
  assert.equal(redact(SECRETS.anthropic).out, '[REDACTED:anthropic-key]');
});

test('Luhn and IBAN checksums', () => {
  assert.equal(luhnValid('4111111111111111'), true);
  assert.equal(luhnValid('4111111111111112'), false);
  assert.equal(luhnValid('79927398713'), true);
  assert.equal(ibanValid('GB82WEST12345698765432'), true);
  assert.equal(ibanValid('GB82WEST12345698765431'), false);
});

test('key globs take the whole value, case-insensitively, at any depth', () => {
  const r = redactor();
  const hits: HitCounts = new Map();
  const out = r.redactMap({
    'http.request.header.authorization': 'Basic dXNlcjpwYXNz',
    'db.Password': 1234,
    config: { nested: [{ API_KEY: 'abc' }, { note: 'fine' }] },
    'gen_ai.usage.input_tokens': 12,
    empty_password: '',
  }, hits);
  assert.deepEqual(out, {
    'http.request.header.authorization': '[REDACTED:key:*authorization*]',
    'db.Password': '[REDACTED:key:*password*]',
    config: { nested: [{ API_KEY: '[REDACTED:key:*api_key*]' }, { note: 'fine' }] },
    'gen_ai.usage.input_tokens': 12,
    empty_password: '',
  });
  assert.deepEqual(Object.fromEntries(hits), { 'key:*authorization*': 1, 'key:*password*': 1, 'key:*api_key*': 1 });
});

test('an exact key glob and a custom pattern', () => {
  const r = redactor({ keys: ['http.request.header.x-trace-secret'], patterns: { 'order-pin': '/pin:\\s*\\d{4}/i' } });
  const hits: HitCounts = new Map();
  const out = r.redactMap({ 'http.request.header.x-trace-secret': 'v', note: 'PIN: 1234 ok', other_secret: 'kept' }, hits);
  assert.deepEqual(out, { 'http.request.header.x-trace-secret': '[REDACTED:key:http.request.header.x-trace-secret]',
    note: '[REDACTED:order-pin] ok', other_secret: 'kept' });
});

test('JSON inside strings (twice nested) is redacted value by value and stays valid JSON', () => {
  const inner = JSON.stringify({ password: 'hunter2', query: `use ${SECRETS.aws}` });
  const outer = JSON.stringify([{ role: 'assistant', tool_calls: [{ function: { arguments: inner } }] }]);
  const { out, hits } = redact(outer, redactor());
  const parsed = JSON.parse(out) as Array<{ tool_calls: Array<{ function: { arguments: string } }> }>;
  assert.deepEqual(JSON.parse(parsed[0]!.tool_calls[0]!.function.arguments),
    { password: '[REDACTED:key:*password*]', query: 'use [REDACTED:aws-key]' });
  assert.deepEqual(hits, { 'key:*password*': 1, 'aws-key': 1 });
  assert.ok(!out.includes('hunter2'));
});

test('text that only looks like JSON falls back to matching the text', () => {
  const text = `{ not json ${SECRETS.github}`;
  assert.equal(redact(text).out, '{ not json [REDACTED:github-token]');
});

test('hash mode: equal values link across calls, differ across rules and store keys, and hide the value', () => {
  const r = redactor({ mode: 'hash' });
  const a = redact(`x ${SECRETS.openai}`, r).out;
  const b = redact(`y ${SECRETS.openai}`, r).out;
  const other = redact(`x sk-proj-${'A'.repeat(30)}`, r).out;
  const m = /\[openai-key:([0-9a-f]{16})\]/.exec(a);
  assert.ok(m, a);
  assert.equal(b, `y [openai-key:${m[1]}]`);
  assert.notEqual(other.slice(2), `[openai-key:${m[1]}]`);
  const otherStore = redact(`x ${SECRETS.openai}`, redactor({ mode: 'hash' }, new Uint8Array(32).fill(9))).out;
  assert.notEqual(otherStore, a);
  assert.ok(!a.includes(SECRETS.openai.slice(8)));
  assert.equal(KEY.length, 32);
});

test('a value that already is a replacement is left alone (re-importing an export)', () => {
  const r = redactor();
  const hits: HitCounts = new Map();
  const input = { password: '[REDACTED:key:*password*]' };
  assert.equal(r.redactMap(input, hits), input);
  assert.equal(hits.size, 0);
});

test('unknown presets and bad patterns are reported by name', () => {
  assert.throws(() => redactor({ presets: ['credentials', 'ssn'] }), /unknown redaction preset 'ssn'/);
  assert.throws(() => redactor({ patterns: { bad: '/(/' } }), /bad regular expression/);
});

test('a key rule leaves flags alone: a boolean under a secret-named key is no secret', () => {
  const hits = new Map<string, number>();
  const out = redactor().redactMap({ 'auth.env_openai_api_key_present': false, api_key: 'sk-live-abc', token_count: 3 }, hits);
  assert.equal(out['auth.env_openai_api_key_present'], false);
  assert.notEqual(out.api_key, 'sk-live-abc');
  assert.equal([...hits.values()].reduce((a, b) => a + b, 0), 1);
});
