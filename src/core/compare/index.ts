export { compareTraces, mergeSiblings, type CompareRow, type CompareSide, type ComparedSpan, type TraceComparison } from './align';
export { MAX_VALUE_CHARS, attributeText, diffSpanAttributes, type AttributeChange, type AttributeDiff, type AttributeDiffEntry } from './attributes';
export { compareCandidates, sameWorkload } from './candidates';
