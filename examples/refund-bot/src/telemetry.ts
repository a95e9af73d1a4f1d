/**
 * OpenTelemetry setup for the refund bot: a TracerProvider exporting OTLP/HTTP protobuf, and a helper
 * that starts a child span stamped with the caller's source location (code.file.path & co.).
 * There is no context manager here: parents are passed explicitly, which keeps the demo dependency-free.
 */
import { context, trace, type Attributes, type Span, type TimeInput, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { fileURLToPath } from 'node:url';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318';

export interface Telemetry {
  tracer: Tracer;
  /** Export everything ended so far. */
  flush(): Promise<void>;
  /** Flush and stop the exporter. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** OTLP/HTTP base URL; `/v1/traces` is appended. Default: OTEL_EXPORTER_OTLP_ENDPOINT or 127.0.0.1:4318. */
  endpoint?: string;
  /** Replaces the OTLP exporter (tests pass an in-memory one). */
  exporter?: SpanExporter;
  serviceName?: string;
}

export function tracesUrl(endpoint?: string): string {
  const explicit = process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'];
  if (!endpoint && explicit) return explicit;
  const base = endpoint ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? DEFAULT_ENDPOINT;
  return `${base.replace(/\/+$/, '')}/v1/traces`;
}

export function setupTelemetry(options: TelemetryOptions = {}): Telemetry {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: tracesUrl(options.endpoint) });
  const processor: SpanProcessor = new BatchSpanProcessor({ exporter, scheduledDelayMillis: 500 });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'refund-bot',
      'service.version': '0.3.0',
      'deployment.environment.name': 'local',
    }),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer('refund-bot', '0.3.0'),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

export interface CallerLocation {
  filePath: string;
  line: number;
  column: number;
  functionName: string;
}

/**
 * Where the function that called our caller sits in the source. Reads `new Error().stack`
 * (tsx maps it back to the .ts file). `depth` 0 = the direct caller of callerLocation.
 */
export function callerLocation(depth = 1): CallerLocation | null {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const frame = frames[depth + 1]?.trim();
  if (!frame) return null;
  const m = /^at (?:async )?(?:(.+?) \()?(.+):(\d+):(\d+)\)?$/.exec(frame);
  if (!m) return null;
  const file = m[2]!.startsWith('file://') ? fileURLToPath(m[2]!) : m[2]!;
  return { filePath: file, line: Number(m[3]), column: Number(m[4]), functionName: m[1] ?? '<module>' };
}

function codeAttributes(location: CallerLocation | null): Attributes {
  if (!location) return {};
  return {
    'code.file.path': location.filePath,
    'code.line.number': location.line,
    'code.column.number': location.column,
    'code.function.name': location.functionName,
  };
}

/** Wall-clock milliseconds with sub-millisecond precision. */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Start a span under `parent` (or a new trace), tagged with the calling function's code location.
 * The SDK anchors a span's start to Date.now() (whole milliseconds), so a step that starts within the
 * same millisecond its predecessor ended could look as if it started first; both ends get a
 * sub-millisecond clock instead, which keeps sibling order exact.
 */
export function startSpan(tracer: Tracer, name: string, parent: Span | null, attributes: Attributes = {}): Span {
  const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
  const span = tracer.startSpan(
    name,
    { attributes: { ...codeAttributes(callerLocation(1)), ...attributes }, startTime: preciseNow() },
    ctx,
  );
  const end = span.end.bind(span);
  span.end = (endTime?: TimeInput) => end(endTime ?? preciseNow());
  return span;
}
