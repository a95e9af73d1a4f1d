// Status bar text and tooltip: receiver state, counts, redactions. No vscode import (unit-tested).
import type { ReceiverStatus } from '../protocol/messages';
import type { StoreStats } from '../core/model/store-types';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function statusText(status: ReceiverStatus, stats: StoreStats): string {
  const counts = `${count(stats.traces, 'trace')} · ${count(stats.spans, 'span')}${stats.errorSpans ? ` · $(error) ${stats.errorSpans}` : ''}`
    + `${stats.redactions ? ` · $(shield) ${stats.redactions}` : ''}`;
  switch (status.state) {
    case 'listening':
      return `$(radio-tower) ${counts}`;
    case 'starting':
      return `$(loading~spin) Traces`;
    case 'error':
      return `$(error) Traces: error`;
    case 'disabled':
      return `$(circle-slash) ${counts}`;
    case 'follower':
      return `$(eye) ${counts}`;
    default:
      return `$(debug-disconnect) ${counts}`;
  }
}

/** `extraLines`: e.g. the forwarding status, shown above the click hint. */
export function statusTooltip(status: ReceiverStatus, stats: StoreStats, extraLines: readonly string[] = []): string {
  const lines = ['Agent Trace Lens'];
  if (status.state === 'listening') {
    lines.push(`OTLP/HTTP ${status.httpEndpoint ?? '?'}`, `OTLP/gRPC ${status.grpcEndpoint ?? '?'}`);
  } else if (status.state === 'error') {
    lines.push(`Error: ${status.error ?? 'unknown'}`);
  } else if (status.state === 'follower') {
    lines.push('Read-only: another VS Code window receives the traces and writes this store; they show here as they arrive.');
  } else {
    lines.push(`Receiver ${status.state}`);
  }
  lines.push(`${stats.traces} traces, ${stats.spans} spans, ${stats.errorSpans} error spans (${stats.errorTraces} traces)`);
  if (stats.redactions) lines.push(`${count(stats.redactions, 'value')} redacted at ingest`);
  if (stats.metricPoints) {
    const { kept, dropped } = stats.metricPoints;
    lines.push(`Metrics: ${count(kept, 'point')} kept as session figures, ${dropped} dropped (not a coding-agent figure)`);
  }
  lines.push(...extraLines);
  lines.push('Click to open the traces panel.');
  return lines.join('\n');
}
