// Hand-written decoder for ExportMetricsServiceRequest (protobuf wire format), metrics.proto field numbers.
// Only number sums, gauges and histogram sums are read, and only for metrics the caller keeps; the rest are
// counted and skipped without decoding their points.
import type { Attributes, InstrumentationScope, RawMetricPoint } from '../model/types';
import { int64ToValue } from './bytes';
import { atPath } from './errors';
import { readAttribute, readResourceGroup, readTime } from './proto-decode';
import { WIRE_I64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire-reader';

/** Metric.data oneof fields. */
const GAUGE = 5;
const SUM = 7;
const HISTOGRAM = 9;
const EXPONENTIAL_HISTOGRAM = 10;
const SUMMARY = 11;

export interface MetricsDecodeOptions {
  /** Keep the points of this metric (by name). Default: every metric. */
  keep?: (metric: string) => boolean;
}

/** One Metric message: its kept points (resource and scope are filled in by the group reader). */
interface MetricItem {
  points: RawMetricPoint[];
  total: number;
  resource: Attributes;
  scope: InstrumentationScope;
}

export function decodeMetricsProtobuf(body: Uint8Array, options: MetricsDecodeOptions = {}): { points: RawMetricPoint[]; total: number } {
  const r = new WireReader(body);
  const items: MetricItem[] = [];
  let index = 0;
  const readItem = (reader: WireReader, end: number): MetricItem => readMetric(reader, end, options.keep);
  while (r.pos < body.length) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      r.expect(tag, WIRE_LEN, `resourceMetrics[${index}]`);
      const end = r.lengthEnd();
      try {
        readResourceGroup(r, end, items, readItem, 'scopeMetrics', 'metrics');
      } catch (err) {
        throw atPath(`resourceMetrics[${index}]`, err);
      }
      index++;
    } else {
      r.skip(tag & 7);
    }
  }
  const points: RawMetricPoint[] = [];
  let total = 0;
  for (const item of items) {
    total += item.total;
    for (const p of item.points) {
      p.resource = item.resource;
      p.scope = item.scope;
      points.push(p);
    }
  }
  return { points, total };
}

function readMetric(r: WireReader, end: number, keep: ((metric: string) => boolean) | undefined): MetricItem {
  let name = '';
  let unit = '';
  let data: { field: number; start: number; end: number } | null = null;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      r.expect(tag, WIRE_LEN, 'name');
      name = r.string();
    } else if (field === 3) {
      r.expect(tag, WIRE_LEN, 'unit');
      unit = r.string();
    } else if (field === GAUGE || field === SUM || field === HISTOGRAM || field === EXPONENTIAL_HISTOGRAM || field === SUMMARY) {
      r.expect(tag, WIRE_LEN, 'data');
      const dataEnd = r.lengthEnd();
      data = { field, start: r.pos, end: dataEnd };
      r.pos = dataEnd;
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  const item: MetricItem = { points: [], total: 0, resource: {}, scope: { name: '', version: '' } };
  if (!data) return item;
  // The name may follow the data on the wire, so the data is read once the whole message was seen.
  const wanted = (keep?.(name) ?? true) && data.field !== SUMMARY;
  const type = data.field === GAUGE ? 'gauge' : data.field === SUM ? 'sum' : 'histogram';
  r.pos = data.start;
  try {
    readData(r, data.end, data.field, wanted, (p) => item.points.push({ ...p, metric: name, unit, type }), () => item.total++);
  } catch (err) {
    throw atPath(`metric ${JSON.stringify(name)}`, err);
  }
  r.pos = end;
  return item;
}

type PartialPoint = Omit<RawMetricPoint, 'metric' | 'unit' | 'type'>;

/** Gauge/Sum/Histogram: data_points=1, aggregation_temporality=2, is_monotonic=3 (Sum). */
function readData(
  r: WireReader, end: number, field: number, wanted: boolean, onPoint: (p: PartialPoint) => void, count: () => void,
): void {
  const points: PartialPoint[] = [];
  let temporality: 0 | 1 | 2 = 0;
  let index = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const f = tag >>> 3;
    if (f === 1) {
      r.expect(tag, WIRE_LEN, `dataPoints[${index}]`);
      const pointEnd = r.lengthEnd();
      count();
      if (!wanted) {
        r.pos = pointEnd;
      } else {
        try {
          points.push(field === GAUGE || field === SUM ? readNumberPoint(r, pointEnd) : readHistogramPoint(r, pointEnd, field));
        } catch (err) {
          throw atPath(`dataPoints[${index}]`, err);
        }
      }
      index++;
    } else if (f === 2 && field !== GAUGE) {
      r.expect(tag, WIRE_VARINT, 'aggregationTemporality');
      const t = r.varint();
      temporality = t === 1 || t === 2 ? t : 0;
    } else {
      r.skip(tag & 7);
    }
  }
  r.finish(end);
  for (const p of points) onPoint({ ...p, temporality });
}

const EMPTY_SCOPE: InstrumentationScope = { name: '', version: '' };

function emptyPoint(): PartialPoint {
  return { temporality: 0, value: 0, startTimeUnixNano: '0', timeUnixNano: '0', attributes: {}, resource: {}, scope: EMPTY_SCOPE };
}

/** NumberDataPoint: start=2, time=3, as_double=4, as_int=6 (sfixed64), attributes=7. */
function readNumberPoint(r: WireReader, end: number): PartialPoint {
  const p = emptyPoint();
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 2: p.startTimeUnixNano = readTime(r, tag, 'startTimeUnixNano'); break;
      case 3: p.timeUnixNano = readTime(r, tag, 'timeUnixNano'); break;
      case 4:
        r.expect(tag, WIRE_I64, 'asDouble');
        p.value = r.double();
        break;
      case 6: {
        r.expect(tag, WIRE_I64, 'asInt');
        r.fixed64();
        const v = int64ToValue(r.lo, r.hi);
        p.value = typeof v === 'number' ? v : Number(v);
        break;
      }
      case 7: readAttribute(r, tag, p.attributes, n++, 'attributes'); break;
      default: r.skip(tag & 7);
    }
  }
  r.finish(end);
  return p;
}

/** (Exponential)HistogramDataPoint: start=2, time=3, sum=5; attributes=9 (histogram) or 1 (exponential). */
function readHistogramPoint(r: WireReader, end: number, field: number): PartialPoint {
  const p = emptyPoint();
  const attributesField = field === HISTOGRAM ? 9 : 1;
  let n = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const f = tag >>> 3;
    if (f === 2) p.startTimeUnixNano = readTime(r, tag, 'startTimeUnixNano');
    else if (f === 3) p.timeUnixNano = readTime(r, tag, 'timeUnixNano');
    else if (f === 5) {
      r.expect(tag, WIRE_I64, 'sum');
      p.value = r.double();
    } else if (f === attributesField) readAttribute(r, tag, p.attributes, n++, 'attributes');
    else r.skip(tag & 7);
  }
  r.finish(end);
  return p;
}
