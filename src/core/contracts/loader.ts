/**
 * Reads a trace-contracts.json file into Contracts, keeping the line/column of every contract and
 * rule. Never throws: whatever is wrong becomes a problem, and the valid contracts are still returned.
 */
import { SPAN_KIND_LABELS, type SpanKindLabel } from '../model/types';
import { JsonSyntaxError, LineIndex, parseJsonAst, type JsonMember, type JsonNode } from './jsonAst';
import { compileValuePattern } from './patterns';
import { NORMALIZED_FIELDS, isNormalizedField } from './spans';
import {
  RULE_TYPES, type Contract, type ContractProblem, type LoadResult, type Rule, type RuleType, type Scalar,
  type Severity, type SourceLocation, type SpanMatch, type SpanScope, type TraceSelector,
} from './types';

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;

class Ctx {
  readonly problems: ContractProblem[] = [];
  private readonly lines: LineIndex;

  constructor(readonly file: string, text: string) {
    this.lines = new LineIndex(text);
  }

  report(severity: 'error' | 'warning', message: string, offset: number, length: number): void {
    const { line, column } = this.lines.position(offset);
    this.problems.push({ message, severity, file: this.file, line, column, offset, length });
  }

  error(node: { offset: number; length: number }, message: string): undefined {
    this.report('error', message, node.offset, node.length);
    return undefined;
  }

  /** Same as error(), for `ok = ctx.invalid(...)` in validators that keep going. */
  invalid(node: { offset: number; length: number }, message: string): false {
    this.error(node, message);
    return false;
  }

  location(offset: number): SourceLocation {
    return { file: this.file, ...this.lines.position(offset) };
  }
}

function describeKind(node: JsonNode): string {
  return node.kind === 'null' ? 'null' : node.kind === 'array' ? 'an array' : node.kind === 'object' ? 'an object' : `a ${node.kind}`;
}

/** Members by key; reports unknown keys (warning: likely a typo) and duplicate keys (error). */
function fields(ctx: Ctx, obj: ObjectNode, allowed: readonly string[], what: string): Map<string, JsonMember> {
  const out = new Map<string, JsonMember>();
  for (const m of obj.members) {
    if (out.has(m.key)) {
      ctx.report('error', `duplicate property '${m.key}' in ${what}`, m.keyOffset, m.keyLength);
      continue;
    }
    if (!allowed.includes(m.key)) {
      ctx.report('warning', `unknown property '${m.key}' in ${what} (allowed: ${allowed.join(', ')})`, m.keyOffset, m.keyLength);
      continue;
    }
    out.set(m.key, m);
  }
  return out;
}

function asObject(ctx: Ctx, node: JsonNode, what: string): ObjectNode | undefined {
  return node.kind === 'object' ? node : ctx.error(node, `${what} must be an object, not ${describeKind(node)}`);
}

function asString(ctx: Ctx, node: JsonNode, what: string, nonEmpty = true): string | undefined {
  if (node.kind !== 'string') return ctx.error(node, `${what} must be a string, not ${describeKind(node)}`);
  if (nonEmpty && node.value === '') return ctx.error(node, `${what} must not be empty`);
  return node.value;
}

function asNumber(ctx: Ctx, node: JsonNode, what: string, integer: boolean): number | undefined {
  if (node.kind !== 'number') return ctx.error(node, `${what} must be a number, not ${describeKind(node)}`);
  if (node.value < 0) return ctx.error(node, `${what} must not be negative`);
  if (integer && !Number.isInteger(node.value)) return ctx.error(node, `${what} must be a whole number`);
  return node.value;
}

function asStringList(ctx: Ctx, node: JsonNode, what: string, check?: (s: string, n: JsonNode) => boolean): string[] | undefined {
  if (node.kind !== 'array') return ctx.error(node, `${what} must be an array of strings, not ${describeKind(node)}`);
  const out: string[] = [];
  let ok = true;
  for (const item of node.items) {
    const s = asString(ctx, item, `each entry of ${what}`);
    if (s === undefined || (check && !check(s, item))) ok = false;
    else out.push(s);
  }
  return ok ? out : undefined;
}

function checkFieldKey(ctx: Ctx, key: string, node: { offset: number; length: number }): boolean {
  if (!key.startsWith('$') || isNormalizedField(key.slice(1))) return true;
  ctx.error(node, `unknown normalized field '${key}' (known: ${NORMALIZED_FIELDS.map((f) => `$${f}`).join(', ')})`);
  return false;
}

function parseAttributeMap(ctx: Ctx, node: JsonNode, what: string): Record<string, Scalar> | undefined {
  const obj = asObject(ctx, node, what);
  if (!obj) return undefined;
  const out: Record<string, Scalar> = {};
  let ok = true;
  for (const m of obj.members) {
    const v = m.value;
    if (!checkFieldKey(ctx, m.key, { offset: m.keyOffset, length: m.keyLength })) ok = false;
    else if (v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean') out[m.key] = v.value;
    else ok = ctx.invalid(v, `${what}: '${m.key}' must be a string, number or boolean, not ${describeKind(v)}`);
  }
  return ok ? out : undefined;
}

function parseKind(ctx: Ctx, node: JsonNode): SpanKindLabel | SpanKindLabel[] | undefined {
  const one = (n: JsonNode): SpanKindLabel | undefined => {
    if (n.kind === 'string' && (SPAN_KIND_LABELS as readonly string[]).includes(n.value)) return n.value as SpanKindLabel;
    return ctx.error(n, `'kind' must be one of ${SPAN_KIND_LABELS.join(', ')}`);
  };
  if (node.kind !== 'array') return one(node);
  const out: SpanKindLabel[] = [];
  for (const item of node.items) {
    const k = one(item);
    if (k === undefined) return undefined;
    out.push(k);
  }
  return out.length > 0 ? out : ctx.error(node, `'kind' must not be an empty list`);
}

function parseMatch(ctx: Ctx, node: JsonNode, what: string): SpanMatch | undefined {
  const obj = asObject(ctx, node, what);
  if (!obj) return undefined;
  const f = fields(ctx, obj, ['name', 'kind', 'attributes'], what);
  const match: SpanMatch = {};
  let ok = true;
  const name = f.get('name');
  if (name) {
    const v = asString(ctx, name.value, `${what}.name`);
    if (v === undefined) ok = false;
    else match.name = v;
  }
  const kind = f.get('kind');
  if (kind) {
    const v = parseKind(ctx, kind.value);
    if (v === undefined) ok = false;
    else match.kind = v;
  }
  const attrs = f.get('attributes');
  if (attrs) {
    const v = parseAttributeMap(ctx, attrs.value, `${what}.attributes`);
    if (v === undefined) ok = false;
    else match.attributes = v;
  }
  return ok ? match : undefined;
}

function parseScope(ctx: Ctx, node: JsonNode, what: string): SpanScope | undefined {
  if (node.kind === 'string') {
    if (node.value === 'root' || node.value === 'all') return node.value;
    return ctx.error(node, `${what} must be "root", "all" or a span match object`);
  }
  return parseMatch(ctx, node, what);
}

function parseSelect(ctx: Ctx, node: JsonNode): TraceSelector | undefined {
  const obj = asObject(ctx, node, `'select'`);
  if (!obj) return undefined;
  const f = fields(ctx, obj, ['workload', 'rootName', 'service', 'attributes'], `'select'`);
  const sel: TraceSelector = {};
  let ok = true;
  for (const key of ['workload', 'rootName', 'service'] as const) {
    const m = f.get(key);
    if (!m) continue;
    const v = asString(ctx, m.value, `select.${key}`);
    if (v === undefined) ok = false;
    else sel[key] = v;
  }
  const attrs = f.get('attributes');
  if (attrs) {
    const v = parseAttributeMap(ctx, attrs.value, 'select.attributes');
    if (v === undefined) ok = false;
    else sel.attributes = v;
  }
  return ok ? sel : undefined;
}

const COMMON_RULE_FIELDS = ['id', 'type', 'severity', 'description'] as const;
const RULE_FIELDS: Record<RuleType, readonly string[]> = {
  span: ['match', 'min', 'max', 'parent', 'ancestor', 'after'],
  attributes: ['on', 'required'],
  forbidden: ['on', 'keys', 'values', 'in'],
  budget: ['maxDurationMs', 'maxTotalTokens', 'maxCostUsd', 'maxSpans', 'maxToolRepeats'],
  'no-errors': ['on'],
  'no-orphans': [],
};

function parseRule(ctx: Ctx, node: JsonNode, ruleIds: Set<string>, contractId: string): Rule | undefined {
  const obj = asObject(ctx, node, 'a rule');
  if (!obj) return undefined;
  const typeMember = obj.members.find((m) => m.key === 'type');
  if (!typeMember) return ctx.error({ offset: obj.offset, length: 1 }, `rule needs a 'type' (${RULE_TYPES.join(', ')})`);
  const typeNode = typeMember.value;
  if (typeNode.kind !== 'string' || !(RULE_TYPES as readonly string[]).includes(typeNode.value)) {
    return ctx.error(typeNode, `unknown rule type ${typeNode.kind === 'string' ? `'${typeNode.value}'` : describeKind(typeNode)} (expected one of ${RULE_TYPES.join(', ')})`);
  }
  const type = typeNode.value as RuleType;
  const what = `a '${type}' rule`;
  const f = fields(ctx, obj, [...COMMON_RULE_FIELDS, ...RULE_FIELDS[type]], what);
  let ok = true;

  const idMember = f.get('id');
  let id: string | undefined;
  if (!idMember) ok = ctx.invalid({ offset: obj.offset, length: 1 }, `rule needs an 'id'`);
  else {
    id = asString(ctx, idMember.value, `rule 'id'`);
    if (id === undefined) ok = false;
    else if (ruleIds.has(id)) ok = ctx.invalid(idMember.value, `duplicate rule id '${id}' in contract '${contractId}'`);
    else ruleIds.add(id);
  }

  let severity: Severity = 'error';
  const sevMember = f.get('severity');
  if (sevMember) {
    const v = sevMember.value;
    if (v.kind === 'string' && (v.value === 'error' || v.value === 'warning' || v.value === 'info')) severity = v.value;
    else ok = ctx.invalid(v, `'severity' must be "error", "warning" or "info"`);
  }
  let description: string | undefined;
  const descMember = f.get('description');
  if (descMember) description = asString(ctx, descMember.value, `'description'`, false);

  const get = <T>(key: string, read: (n: JsonNode) => T | undefined): T | undefined => {
    const m = f.get(key);
    if (!m) return undefined;
    const v = read(m.value);
    if (v === undefined) ok = false;
    return v;
  };
  const need = (key: string): boolean => {
    if (f.has(key)) return true;
    ctx.error({ offset: obj.offset, length: 1 }, `${what} needs '${key}'`);
    return false;
  };
  const base = {
    id: id ?? '',
    severity,
    ...(description !== undefined ? { description } : {}),
    location: ctx.location(idMember ? idMember.keyOffset : obj.offset),
  };

  let rule: Rule | undefined;
  switch (type) {
    case 'span': {
      if (!need('match')) ok = false;
      const match = get('match', (n) => parseMatch(ctx, n, `'match'`));
      const min = get('min', (n) => asNumber(ctx, n, `'min'`, true)) ?? 1;
      const max = get('max', (n) => asNumber(ctx, n, `'max'`, true));
      if (max !== undefined && max < min) ok = ctx.invalid(f.get('max')!.value, `'max' (${max}) is below 'min' (${min})`);
      const parent = get('parent', (n) => parseMatch(ctx, n, `'parent'`));
      const ancestor = get('ancestor', (n) => parseMatch(ctx, n, `'ancestor'`));
      const after = get('after', (n) => parseMatch(ctx, n, `'after'`));
      if (match) {
        rule = {
          ...base, type, match, min,
          ...(max !== undefined ? { max } : {}), ...(parent ? { parent } : {}),
          ...(ancestor ? { ancestor } : {}), ...(after ? { after } : {}),
        };
      }
      break;
    }
    case 'attributes': {
      if (!need('required')) ok = false;
      const on = get('on', (n) => parseScope(ctx, n, `'on'`)) ?? 'all';
      const required = get('required', (n) => asStringList(ctx, n, `'required'`, (s, item) => {
        const keys = s.split('|');
        if (keys.includes('')) return ctx.invalid(item, `empty alternative in '${s}'`);
        return keys.every((key) => checkFieldKey(ctx, key, item));
      }));
      if (required) {
        if (required.length === 0) ok = ctx.invalid(f.get('required')!.value, `'required' lists no keys`);
        rule = { ...base, type, on, required };
      }
      break;
    }
    case 'forbidden': {
      const on = get('on', (n) => parseMatch(ctx, n, `'on'`));
      const keys = get('keys', (n) => asStringList(ctx, n, `'keys'`));
      const values = get('values', (n) => asStringList(ctx, n, `'values'`, (s, item) => {
        try {
          compileValuePattern(s);
          return true;
        } catch (err) {
          return ctx.invalid(item, (err as Error).message);
        }
      }));
      const inKeys = get('in', (n) => asStringList(ctx, n, `'in'`));
      if (!f.has('keys') && !f.has('values')) ok = ctx.invalid({ offset: obj.offset, length: 1 }, `${what} needs 'keys' or 'values'`);
      rule = {
        ...base, type,
        ...(on ? { on } : {}), ...(keys ? { keys } : {}), ...(values ? { values } : {}), ...(inKeys ? { in: inKeys } : {}),
      };
      break;
    }
    case 'budget': {
      const limits = {
        maxDurationMs: get('maxDurationMs', (n) => asNumber(ctx, n, `'maxDurationMs'`, false)),
        maxTotalTokens: get('maxTotalTokens', (n) => asNumber(ctx, n, `'maxTotalTokens'`, true)),
        maxCostUsd: get('maxCostUsd', (n) => asNumber(ctx, n, `'maxCostUsd'`, false)),
        maxSpans: get('maxSpans', (n) => asNumber(ctx, n, `'maxSpans'`, true)),
        maxToolRepeats: get('maxToolRepeats', (n) => asNumber(ctx, n, `'maxToolRepeats'`, true)),
      };
      const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
      if (Object.keys(given).length === 0 && ok) ok = ctx.invalid({ offset: obj.offset, length: 1 }, `${what} needs at least one limit (${RULE_FIELDS.budget.join(', ')})`);
      rule = { ...base, type, ...given };
      break;
    }
    case 'no-errors': {
      const on = get('on', (n) => parseMatch(ctx, n, `'on'`));
      rule = { ...base, type, ...(on ? { on } : {}) };
      break;
    }
    case 'no-orphans':
      rule = { ...base, type };
      break;
  }
  return ok ? rule : undefined;
}

function parseContract(ctx: Ctx, node: JsonNode, contractIds: Set<string>): Contract | undefined {
  const obj = asObject(ctx, node, 'a contract');
  if (!obj) return undefined;
  const f = fields(ctx, obj, ['id', 'description', 'select', 'minTraces', 'rules'], 'a contract');
  let ok = true;
  const idMember = f.get('id');
  let id: string | undefined;
  if (!idMember) ok = ctx.invalid({ offset: obj.offset, length: 1 }, `contract needs an 'id'`);
  else {
    id = asString(ctx, idMember.value, `contract 'id'`);
    if (id === undefined) ok = false;
    else if (contractIds.has(id)) ok = ctx.invalid(idMember.value, `duplicate contract id '${id}'`);
    else contractIds.add(id);
  }
  const descMember = f.get('description');
  const description = descMember ? asString(ctx, descMember.value, `'description'`, false) : undefined;
  const selectMember = f.get('select');
  const select = selectMember ? parseSelect(ctx, selectMember.value) : {};
  if (!select) ok = false;
  const minMember = f.get('minTraces');
  const minTraces = minMember ? asNumber(ctx, minMember.value, `'minTraces'`, true) : undefined;
  if (minMember && minTraces === undefined) ok = false;

  const rules: Rule[] = [];
  const rulesMember = f.get('rules');
  if (!rulesMember) ok = ctx.invalid({ offset: obj.offset, length: 1 }, `contract needs 'rules'`);
  else if (rulesMember.value.kind !== 'array') ok = ctx.invalid(rulesMember.value, `'rules' must be an array`);
  else {
    const ruleIds = new Set<string>();
    for (const item of rulesMember.value.items) {
      const rule = parseRule(ctx, item, ruleIds, id ?? '?');
      if (rule) rules.push(rule);
    }
  }
  if (!ok || id === undefined || !select) return undefined;
  return {
    id,
    ...(description !== undefined ? { description } : {}),
    select,
    rules,
    ...(minTraces !== undefined ? { minTraces } : {}),
    location: ctx.location(idMember ? idMember.keyOffset : obj.offset),
  };
}

export function loadContracts(text: string, fileName: string): LoadResult {
  const ctx = new Ctx(fileName, text);
  const result = (contracts: Contract[]): LoadResult => ({ file: fileName, contracts, problems: ctx.problems });
  let root: JsonNode;
  try {
    root = parseJsonAst(text);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    ctx.report('error', `JSON syntax error: ${err.message}`, Math.min(err.offset, text.length), 1);
    return result([]);
  }
  const obj = asObject(ctx, root, 'a contract file');
  if (!obj) return result([]);
  const f = fields(ctx, obj, ['$schema', 'version', 'contracts'], 'the contract file');
  const version = f.get('version');
  if (!version) ctx.error({ offset: obj.offset, length: 1 }, `the contract file needs "version": 1`);
  else if (version.value.kind !== 'number' || version.value.value !== 1) ctx.error(version.value, `unsupported version (this tool reads version 1)`);
  const list = f.get('contracts');
  if (!list) {
    ctx.error({ offset: obj.offset, length: 1 }, `the contract file needs a 'contracts' array`);
    return result([]);
  }
  if (list.value.kind !== 'array') {
    ctx.error(list.value, `'contracts' must be an array`);
    return result([]);
  }
  const contracts: Contract[] = [];
  const ids = new Set<string>();
  for (const item of list.value.items) {
    const c = parseContract(ctx, item, ids);
    if (c) contracts.push(c);
  }
  return result(contracts);
}

/** True when a load produced an error (warnings do not count). */
export function hasErrors(result: Pick<LoadResult, 'problems'>): boolean {
  return result.problems.some((p) => p.severity === 'error');
}
