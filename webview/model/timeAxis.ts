// Tick labels of the waterfall's time axis: round-valued ticks, as many as fit the track without overlapping.
import { formatDuration } from './format';

export interface AxisTick {
  /** Position on the track, 0..1. */
  fraction: number;
  label: string;
  /** The first label starts at its position and the last ends at it (so neither leaves the track); the others are centred. */
  align: 'start' | 'center' | 'end';
}

/** Rendered width of a label in px (measured or estimated). */
export type LabelWidth = (label: string) => number;

/** Free space kept between neighbouring labels, in px. */
export const TICK_LABEL_GAP_PX = 12;
/** Ticks closer than this make the axis busy even when their labels fit. */
export const MIN_TICK_SPACING_PX = 50;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The ticks for a track `trackPx` wide that spans `totalMs`: "0" at the start, the total at the end and, between
 * them, the multiples of the smallest round step (at least MIN_TICK_SPACING_PX wide) whose labels keep
 * TICK_LABEL_GAP_PX apart. Mid ticks too close to the end label are dropped; when even the start and the end
 * do not fit, only the end (the total) is shown.
 */
export function axisTicks(trackPx: number, totalMs: number, labelWidth: LabelWidth): AxisTick[] {
  if (!(trackPx > 0) || !Number.isFinite(trackPx)) return [];
  const start: AxisTick = { fraction: 0, label: '0', align: 'start' };
  if (!(totalMs > 0) || !Number.isFinite(totalMs)) return [start];
  const end: AxisTick = { fraction: 1, label: formatDuration(totalMs), align: 'end' };
  const apart = (a: AxisTick, b: AxisTick): boolean => extent(a, trackPx, labelWidth)[1] + TICK_LABEL_GAP_PX <= extent(b, trackPx, labelWidth)[0];
  if (!apart(start, end)) return [end];

  const minStepMs = (totalMs * MIN_TICK_SPACING_PX) / trackPx;
  if (!(minStepMs > 0) || !Number.isFinite(minStepMs)) return [start, end];
  for (const step of roundSteps(minStepMs)) {
    if (step >= totalMs) break;
    const ticks = [start];
    for (let k = 1; k * step < totalMs; k++) ticks.push({ fraction: (k * step) / totalMs, label: tickLabel(k * step), align: 'center' });
    while (ticks.length > 1 && !apart(ticks[ticks.length - 1]!, end)) ticks.pop();
    ticks.push(end);
    const distinct = new Set(ticks.map((t) => t.label)).size === ticks.length; // steps below the labels' precision repeat them
    if (distinct && ticks.every((t, i) => i === 0 || apart(ticks[i - 1]!, t))) return ticks;
  }
  return [start, end];
}

/** Left and right edge of a label on the track, in px. */
export function extent(t: AxisTick, trackPx: number, labelWidth: LabelWidth): [number, number] {
  const x = t.fraction * trackPx;
  const w = labelWidth(t.label);
  return t.align === 'start' ? [x, x + w] : t.align === 'end' ? [x - w, x] : [x - w / 2, x + w / 2];
}

/** Round step sizes from `minMs` up: 1, 2, 5 × 10^k ms below a minute, then whole minutes, then hours. */
export function* roundSteps(minMs: number): Generator<number> {
  for (let exp = Math.floor(Math.log10(minMs)); 10 ** exp < MINUTE_MS; exp++) {
    for (const m of [1, 2, 5]) {
      const step = m * 10 ** exp;
      if (step >= minMs && step < MINUTE_MS) yield step;
    }
  }
  for (const m of [1, 2, 5, 10, 15, 30]) if (m * MINUTE_MS >= minMs) yield m * MINUTE_MS;
  for (let exp = 0; Number.isFinite(HOUR_MS * 10 ** exp); exp++) {
    for (const m of [1, 2, 5]) if (m * HOUR_MS * 10 ** exp >= minMs) yield m * HOUR_MS * 10 ** exp;
  }
}

/** A round tick value without trailing zeros: "2 s", "1.5 s", "250 ms", "2m". */
function tickLabel(ms: number): string {
  return formatDuration(ms)
    .replace(/\.0+ (m?s)$/, ' $1')
    .replace(/(\.\d*?[1-9])0+ (m?s)$/, '$1 $2')
    .replace(/^(\d+m) 0s$/, '$1');
}
