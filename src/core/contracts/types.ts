import type { SpanKindLabel } from '../model/types';

/** A scalar compared against an attribute value (as text, so 7 matches "7"). */
export type Scalar = string | number | boolean;

/** Which spans a rule talks about. Every given condition must hold. */
export interface SpanMatch {
  /** Glob on the span name: `*` any run of characters, `?` one character, `\` escapes. */
  name?: string;
  /** One kind label or a list (any of them). */
  kind?: SpanKindLabel | SpanKindLabel[];
  /** Attribute equality; keys starting with `$` name a normalized field (e.g. `$toolName`). */
  attributes?: Record<string, Scalar>;
}

/** Which traces a contract applies to. Every given condition must hold; an empty selector takes every trace. */
export interface TraceSelector {
  /** Glob on the workload id (the workload attribute of any span, root first). */
  workload?: string;
  /** Glob on the root span's name. */
  rootName?: string;
  /** Glob on the root span's service name. */
  service?: string;
  /** Some span in the trace carries all these attributes (span attributes, then resource). */
  attributes?: Record<string, Scalar>;
}

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column in a contract file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

interface RuleBase {
  id: string;
  severity: Severity;
  description?: string;
  location?: SourceLocation;
}

export interface SpanRule extends RuleBase {
  type: 'span';
  match: SpanMatch;
  min: number;
  max?: number;
  parent?: SpanMatch;
  ancestor?: SpanMatch;
  /** Each matched span must start at or after the end of at least one span matching this. */
  after?: SpanMatch;
}

export type SpanScope = SpanMatch | 'root' | 'all';

export interface AttributesRule extends RuleBase {
  type: 'attributes';
  on: SpanScope;
  /** Attribute keys (span, then resource) or `$field` names; `a|b` accepts either. */
  required: string[];
}

export interface ForbiddenRule extends RuleBase {
  type: 'forbidden';
  on?: SpanMatch;
  /** Globs of attribute keys that must not appear. */
  keys?: string[];
  /** Regexes (`pattern`, `/pattern/flags`) or `preset:name` that no string value may match. */
  values?: string[];
  /** Globs limiting which attribute keys `values` looks at (default: all). */
  in?: string[];
}

export interface BudgetRule extends RuleBase {
  type: 'budget';
  maxDurationMs?: number;
  maxTotalTokens?: number;
  maxCostUsd?: number;
  maxSpans?: number;
  /** How many times the same tool call (same name, same arguments) may be repeated: 0 = never called twice. */
  maxToolRepeats?: number;
}

export interface NoErrorsRule extends RuleBase {
  type: 'no-errors';
  on?: SpanMatch;
}

export interface NoOrphansRule extends RuleBase {
  type: 'no-orphans';
}

export type Rule = SpanRule | AttributesRule | ForbiddenRule | BudgetRule | NoErrorsRule | NoOrphansRule;
export type RuleType = Rule['type'];
export const RULE_TYPES: readonly RuleType[] = ['span', 'attributes', 'forbidden', 'budget', 'no-errors', 'no-orphans'];

export interface Contract {
  id: string;
  description?: string;
  select: TraceSelector;
  rules: Rule[];
  /** `trace-lens check` fails when this contract selected fewer traces (a broken exporter must not pass the gate). */
  minTraces?: number;
  location?: SourceLocation;
}

export interface ContractProblem {
  message: string;
  severity: 'error' | 'warning';
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** 0-based character offset and length of the offending text. */
  offset: number;
  length: number;
}

export interface LoadResult {
  file: string;
  contracts: Contract[];
  problems: ContractProblem[];
}

/** A span the contract expected but the trace lacks: drawn as a ghost row under `parentSpanId`. */
export interface MissingSpan {
  label: string;
  parentSpanId: string | null;
  /**
   * The child of `parentSpanId` (a top-level span when null) the ghost follows: of those that are or contain a
   * span matching the rule's `after`, the one that ends last. Null without `after` or such a child: after all children.
   */
  afterSpanId: string | null;
}

export interface Finding {
  traceId: string;
  /** The span at fault, or null when the finding is about the trace (a missing span, a budget). */
  spanId: string | null;
  contract: string;
  rule: string;
  severity: Severity;
  message: string;
  missing?: MissingSpan;
  location?: SourceLocation;
}

export interface CheckOptions {
  /** Attribute naming the workload (span, then resource). Default `workload.id`. */
  workloadKey?: string;
}

/** What one trace produced against the contracts that selected it. */
export interface TraceCheckResult {
  traceId: string;
  startTimeUnixNano: string;
  workloadId: string | null;
  rootName: string | null;
  /** Ids of the contracts that selected this trace. */
  contracts: string[];
  findings: Finding[];
}
