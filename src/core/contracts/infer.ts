/** Drafting a contract from a known-good trace: the structure it has today becomes what it must keep. */
import type { NormalizedSpan, SpanKindLabel } from '../model/types';
import { escapeGlob } from './patterns';
import { DEFAULT_WORKLOAD_KEY, TraceIndex, isPresent, lookup } from './spans';
import type { Contract, Rule, SpanMatch, TraceSelector } from './types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A rule as written in a contract file. */
export type RuleJson = DistributiveOmit<Rule, 'location'>;
/** A contract as written in a contract file. */
export interface ContractJson extends Omit<Contract, 'location' | 'rules'> {
  rules: RuleJson[];
}

export interface InferOptions {
  /** Contract id; default: the workload id or the root span name. */
  id?: string;
  workloadKey?: string;
}

/** Normalized fields worth requiring on llm and tool spans when the good trace has them everywhere. */
const LLM_FIELDS = ['$requestModel', '$provider', '$inputTokens', '$outputTokens'];
const TOOL_FIELDS = ['$toolName'];

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'span';
}

export function inferContract(spans: readonly NormalizedSpan[], opts: InferOptions = {}): ContractJson {
  const trace = new TraceIndex(spans);
  const workloadKey = opts.workloadKey ?? DEFAULT_WORKLOAD_KEY;
  const workload = trace.workloadId(workloadKey);
  const root = trace.root;
  const select: TraceSelector = workload !== null ? { workload } : root ? { rootName: escapeGlob(root.name) } : {};
  const id = opts.id ?? slug(workload ?? root?.name ?? 'trace');

  const ruleIds = new Set<string>();
  const uniqueId = (base: string): string => {
    let candidate = base;
    for (let n = 2; ruleIds.has(candidate); n++) candidate = `${base}-${n}`;
    ruleIds.add(candidate);
    return candidate;
  };
  const rules: RuleJson[] = [];

  // One required span per distinct (name, kind), with its parent when that parent is always the same.
  const shapes = new Map<string, { name: string; kind: SpanKindLabel; parents: Set<string | null> }>();
  for (const span of [...trace.spans].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))) {
    const key = JSON.stringify([span.name, span.kind]);
    const shape = shapes.get(key) ?? { name: span.name, kind: span.kind, parents: new Set<string | null>() };
    shape.parents.add(trace.parent(span)?.name ?? null);
    shapes.set(key, shape);
  }
  for (const shape of shapes.values()) {
    const match: SpanMatch = { name: escapeGlob(shape.name), kind: shape.kind };
    const parents = [...shape.parents];
    const onlyParent = parents.length === 1 ? parents[0] : undefined;
    rules.push({
      id: uniqueId(`has-${slug(shape.name)}`),
      type: 'span',
      severity: 'error',
      match,
      min: 1,
      ...(typeof onlyParent === 'string' ? { parent: { name: escapeGlob(onlyParent) } } : {}),
    });
  }

  const alwaysPresent = (candidates: string[], on: NormalizedSpan[]): string[] =>
    candidates.filter((key) => on.length > 0 && on.every((s) => isPresent(lookup(s, key))));
  const llm = trace.spans.filter((s) => s.kind === 'llm');
  const llmKeys = alwaysPresent(LLM_FIELDS, llm);
  if (llmKeys.length > 0) {
    rules.push({ id: uniqueId('llm-usage'), type: 'attributes', severity: 'error', on: { kind: 'llm' }, required: llmKeys });
  }
  const tools = trace.spans.filter((s) => s.kind === 'tool');
  const toolKeys = alwaysPresent(TOOL_FIELDS, tools);
  if (toolKeys.length > 0) {
    rules.push({ id: uniqueId('tool-identity'), type: 'attributes', severity: 'warning', on: { kind: 'tool' }, required: toolKeys });
  }
  if (root && isPresent(lookup(root, workloadKey))) {
    rules.push({ id: uniqueId('root-workload'), type: 'attributes', severity: 'error', on: 'root', required: [workloadKey] });
  }
  if (!trace.spans.some((s) => s.status === 'error')) {
    rules.push({ id: uniqueId('no-errors'), type: 'no-errors', severity: 'warning' });
  }
  if (!trace.spans.some((s) => s.parentSpanId != null && !trace.byId.has(s.parentSpanId))) {
    rules.push({ id: uniqueId('no-orphans'), type: 'no-orphans', severity: 'error' });
  }

  return {
    id,
    description: `Drafted from trace ${trace.traceId}: edit before relying on it.`,
    select,
    rules,
  };
}

/** A whole contract file's text for the given contracts (what "infer contract" opens for editing). */
export function contractFileText(contracts: readonly ContractJson[], schemaRef?: string): string {
  const file = { ...(schemaRef ? { $schema: schemaRef } : {}), version: 1, contracts };
  return `${JSON.stringify(file, null, 2)}\n`;
}
