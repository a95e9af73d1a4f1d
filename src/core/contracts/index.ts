// Span contracts: load a trace-contracts.json, check traces against it, roll the findings up.
export * from './types';
export { loadContracts, hasErrors } from './loader';
export { selectsTrace, checkTrace, checkTraceDetailed } from './checker';
export { summarize, groupFindings, traceFailed, compareSeverity, contractCoverage, coverageShortfalls } from './results';
export type { CheckSummary, RuleSummary, FindingGroup, TraceInfo, ContractCoverage } from './results';
export { inferContract, contractFileText } from './infer';
export type { ContractJson, RuleJson, InferOptions } from './infer';
export { QuietPeriodTracker, realTimers } from './quiet';
export type { TimerApi } from './quiet';
export { VALUE_PRESETS, globMatches } from './patterns';
export { NORMALIZED_FIELDS, DEFAULT_WORKLOAD_KEY } from './spans';
export {
  loadContractSet, LiveResults, checkSpans, insertContract, newContractFile, freeContractId, memberLength, offsetAt,
  positionAt, EMPTY_CONTRACT_SET,
} from './live';
export type { ContractSource, ContractSet, ContractInsertion } from './live';
