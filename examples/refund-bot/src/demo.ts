/** Runs the refund bot on a schedule against the local fake model, exporting every trace. */
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { answerQuestion, type AnswerResult } from './agent';
import { startFakeModel } from './fake-model';
import { loadPolicies } from './knowledge';
import { planRun, seededRandom, type RunPlan } from './scenario';
import { setupTelemetry } from './telemetry';

export interface DemoOptions {
  /** Questions to ask; 0 = until aborted. */
  count: number;
  /** Pause between questions. */
  intervalMs: number;
  seed: number;
  /** OTLP/HTTP base URL (default: OTEL_EXPORTER_OTLP_ENDPOINT or http://127.0.0.1:4318). */
  endpoint?: string;
  exporter?: SpanExporter;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Simulated model latency, 1 = about what a hosted model takes (default 0: instant, for tests). */
  modelLatencyScale?: number;
}

export interface DemoRun {
  plan: RunPlan;
  result: AnswerResult | null;
  error: string | null;
}

export async function runDemo(options: DemoOptions): Promise<DemoRun[]> {
  const log = options.log ?? (() => undefined);
  const model = await startFakeModel({ latencyScale: options.modelLatencyScale ?? 0 });
  const telemetry = setupTelemetry({ endpoint: options.endpoint, exporter: options.exporter });
  const deps = { tracer: telemetry.tracer, modelBaseUrl: model.baseUrl, policies: loadPolicies() };
  const random = seededRandom(options.seed);
  const runs: DemoRun[] = [];
  try {
    for (let i = 0; options.count === 0 || i < options.count; i++) {
      if (options.signal?.aborted) break;
      const plan = planRun(random, i);
      try {
        const result = await answerQuestion(deps, plan);
        runs.push({ plan, result, error: null });
        log(
          `#${i + 1} trace ${result.traceId} prompt v${plan.promptVersion}${plan.staleIndex ? ' stale-index' : ''} ` +
            `citation ${result.citation}, judge ${result.verdict}: ${result.answer}`,
        );
      } catch (err) {
        runs.push({ plan, result: null, error: String(err) });
        log(`#${i + 1} failed: ${String(err)}`);
      }
      const last = options.count !== 0 && i + 1 >= options.count;
      if (!last) await sleep(options.intervalMs, options.signal);
    }
  } finally {
    await telemetry.shutdown().catch((err: unknown) => log(`export failed: ${String(err)}`));
    await model.close();
  }
  return runs;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
