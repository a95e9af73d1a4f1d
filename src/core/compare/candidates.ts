// The traces offered as the other side of a comparison: runs of the same workload first, newest first.
import type { TraceSummary } from '../model/types';

type Candidate = Pick<TraceSummary, 'traceId' | 'workloadId' | 'service' | 'rootName' | 'startTimeUnixNano'>;

/** Same workload id; without one, the same root span name and service (runs of the same agent). */
export function sameWorkload(a: Candidate, b: Candidate): boolean {
  if (a.workloadId) return a.workloadId === b.workloadId;
  return b.workloadId === null && a.rootName === b.rootName && a.service === b.service;
}

function newerFirst(x: Candidate, y: Candidate): number {
  const a = x.startTimeUnixNano;
  const b = y.startTimeUnixNano;
  return b.length - a.length || (b < a ? -1 : b > a ? 1 : 0);
}

export function compareCandidates<T extends Candidate>(current: Candidate, traces: readonly T[]): Array<T & { sameWorkload: boolean }> {
  return traces
    .filter((t) => t.traceId !== current.traceId)
    .map((t) => ({ ...t, sameWorkload: sameWorkload(current, t) }))
    .sort((x, y) => Number(y.sameWorkload) - Number(x.sameWorkload) || newerFirst(x, y));
}
