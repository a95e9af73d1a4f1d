export { compareTraces, mergeSiblings, type CompareRow, type CompareSide, type ComparedSpan, type TraceComparison } from './align';
export { MAX_VALUE_CHARS, attributeText, diffSpanAttributes, type AttributeChange, type AttributeDiff, type AttributeDiffEntry } from './attributes';
export { compareCandidates, sameWorkload } from './candidates';
export { diffWords, type DiffOp } from './text-diff';
export { answerText, compareReplay, runSpread, type Figure, type ReplayComparison, type RunSpread } from './replay';
