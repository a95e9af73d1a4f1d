// OTLP/JSON ExportMetricsServiceRequest → metric points, with the same leniency as the trace and log decoders
// (camelCase or snake_case, integers as numbers or strings, enum numbers or names).
import type { RawMetricPoint } from '../model/types';
import { OtlpDecodeError, atPath } from './errors';
import {
  asArray, asObject, pick, readAttributes, readDouble, readEnum, readInt, readResource, readScopeGroups, readTime,
  type JsonObject,
} from './json-decode';
import type { MetricsDecodeOptions } from './proto-metrics';

const TEMPORALITY_NAMES = [
  'AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE',
] as const;

const DATA_FIELDS = [
  ['gauge', 'gauge'], ['sum', 'sum'], ['histogram', 'histogram'], ['exponentialHistogram', 'histogram'],
  ['exponential_histogram', 'histogram'],
] as const;

export function decodeMetricsJson(root: unknown, options: MetricsDecodeOptions = {}): { points: RawMetricPoint[]; total: number } {
  const points: RawMetricPoint[] = [];
  let total = 0;
  const req = asObject(root, 'request body');
  const groups = asArray(pick(req, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics');
  for (let i = 0; i < groups.length; i++) {
    try {
      const group = asObject(groups[i], 'ResourceMetrics');
      const resource = readResource(group.resource);
      readScopeGroups(group, 'scopeMetrics', 'scope_metrics', 'instrumentationLibraryMetrics',
        'instrumentation_library_metrics', (scopeGroup, scope) => {
          const metrics = asArray(scopeGroup.metrics, 'metrics');
          for (let k = 0; k < metrics.length; k++) {
            try {
              total += readMetric(asObject(metrics[k], 'Metric'), options, (p) => points.push({ ...p, resource, scope }));
            } catch (err) {
              throw atPath(`metrics[${k}]`, err);
            }
          }
        });
    } catch (err) {
      throw atPath(`resourceMetrics[${i}]`, err);
    }
  }
  return { points, total };
}

type PartialPoint = Omit<RawMetricPoint, 'resource' | 'scope'>;

/** Reads one Metric; returns how many data points it had (kept or not). */
function readMetric(o: JsonObject, options: MetricsDecodeOptions, onPoint: (p: PartialPoint) => void): number {
  const name = typeof o.name === 'string' ? o.name : '';
  const unit = typeof o.unit === 'string' ? o.unit : '';
  for (const [field, type] of DATA_FIELDS) {
    if (o[field] === undefined || o[field] === null) continue;
    const data = asObject(o[field], field);
    const list = asArray(pick(data, 'dataPoints', 'data_points'), 'dataPoints');
    if (!(options.keep?.(name) ?? true)) return list.length;
    const temporality = type === 'gauge' ? 0
      : readEnum(pick(data, 'aggregationTemporality', 'aggregation_temporality'), TEMPORALITY_NAMES, 2, 'aggregationTemporality') as 0 | 1 | 2;
    for (let i = 0; i < list.length; i++) {
      try {
        const p = asObject(list[i], 'DataPoint');
        onPoint({
          metric: name, unit, type, temporality,
          value: type === 'histogram' ? numberOf(readDouble(p.sum ?? 0)) : pointValue(p),
          startTimeUnixNano: readTime(pick(p, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
          timeUnixNano: readTime(pick(p, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
          attributes: readAttributes(p.attributes, {}),
        });
      } catch (err) {
        throw atPath(`dataPoints[${i}]`, err);
      }
    }
    return list.length;
  }
  return 0; // summaries and metrics without data
}

function pointValue(p: JsonObject): number {
  const asInt = pick(p, 'asInt', 'as_int');
  if (asInt !== undefined && asInt !== null) return numberOf(readInt(asInt));
  const asDouble = pick(p, 'asDouble', 'as_double');
  if (asDouble !== undefined && asDouble !== null) return numberOf(readDouble(asDouble));
  return 0;
}

function numberOf(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (Number.isNaN(n) && v !== 'NaN' && typeof v !== 'number') throw new OtlpDecodeError(`not a number: ${String(v)}`);
  return n;
}
